using System.Buffers.Binary;
using Plover.Sandbox.Hashing;
using Plover.Engine.Wire;

namespace Plover.Engine.Epochs;

/// <summary>
/// One hash of a guest's whole state, and the sub-hashes it is made of: XXH3-64 of the page-hash
/// table (every 4 KiB page's XXH3-64, in page order), the memory size in pages, and XXH3-64 of the
/// globals, table and library OS encodings. Two hosts with equal digests hold the same state; when
/// the digests differ, the parts say which of pages, globals, table or library OS to compare.
/// </summary>
public readonly record struct StateDigest(ulong Value, ulong Pages, int PageCount, ulong Globals, ulong Table, ulong OsState)
{
    private const int CombinedBytes = 8 * 4 + 4;

    public static StateDigest Combine(ulong pages, int pageCount, ulong globals, ulong table, ulong osState)
    {
        Span<byte> parts = stackalloc byte[CombinedBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(parts, pages);
        BinaryPrimitives.WriteInt32LittleEndian(parts[8..], pageCount);
        BinaryPrimitives.WriteUInt64LittleEndian(parts[12..], globals);
        BinaryPrimitives.WriteUInt64LittleEndian(parts[20..], table);
        BinaryPrimitives.WriteUInt64LittleEndian(parts[28..], osState);
        return new StateDigest(Xxh3.Hash(parts), pages, pageCount, globals, table, osState);
    }

    public StateParts ToWire() => new() { Pages = Pages, PageCount = (uint)PageCount, Globals = Globals, Table = Table, OsState = OsState };

    public static StateDigest FromWire(ulong value, StateParts? parts) => parts is null
        ? new StateDigest(value, 0, 0, 0, 0, 0)
        : new StateDigest(value, parts.Pages, (int)parts.PageCount, parts.Globals, parts.Table, parts.OsState);

    public override string ToString() => $"{Value:x16}";
}
