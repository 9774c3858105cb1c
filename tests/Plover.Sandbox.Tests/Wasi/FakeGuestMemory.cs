using System.Buffers.Binary;
using System.Text;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Tests.Wasi;

/// <summary>
/// A managed linear memory for the library OS tests: bounds-checked like the engine's, and
/// recording every range the library OS asked to write, so tests can check that exactly the
/// intended bytes (and pages) were dirtied.
/// </summary>
internal sealed class FakeGuestMemory(int sizeBytes = FakeGuestMemory.DefaultSizeBytes) : IGuestMemory
{
    public const int DefaultSizeBytes = 64 * 1024;
    public const int PageBytes = 4096;

    private readonly byte[] _bytes = new byte[sizeBytes];

    public int Size => _bytes.Length;

    /// <summary>Every (address, length) requested through <see cref="Write"/>, in order.</summary>
    public List<(uint Address, uint Length)> Writes { get; } = [];

    public ReadOnlySpan<byte> Read(uint address, uint length) => _bytes.AsSpan(Check(address, length), (int)length);

    public Span<byte> Write(uint address, uint length)
    {
        int start = Check(address, length);
        Writes.Add((address, length));
        return _bytes.AsSpan(start, (int)length);
    }

    /// <summary>The 4 KiB pages touched by <see cref="Writes"/>.</summary>
    public SortedSet<int> DirtyPages()
    {
        var pages = new SortedSet<int>();
        foreach ((uint address, uint length) in Writes)
            for (long page = address / PageBytes; length > 0 && page <= (address + length - 1) / PageBytes; page++) pages.Add((int)page);
        return pages;
    }

    // Test-side access: setting up and inspecting memory does not count as a library OS write.

    public void Place(uint address, ReadOnlySpan<byte> bytes) => bytes.CopyTo(_bytes.AsSpan((int)address));

    public void PlaceText(uint address, string text) => Place(address, Encoding.UTF8.GetBytes(text));

    public void PlaceU32(uint address, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan((int)address), value);

    public void PlaceU64(uint address, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan((int)address), value);

    public void PlaceU16(uint address, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan((int)address), value);

    public byte[] Bytes(uint address, int length) => _bytes.AsSpan((int)address, length).ToArray();

    public string Text(uint address, int length) => Encoding.UTF8.GetString(_bytes, (int)address, length);

    public byte U8(uint address) => _bytes[address];

    public ushort U16(uint address) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan((int)address));

    public uint U32(uint address) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)address));

    public ulong U64(uint address) => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)address));

    /// <summary>Writes an iovec array at <paramref name="address"/> and returns it, for chaining.</summary>
    public uint PlaceIovecs(uint address, params (uint Buffer, uint Length)[] vectors)
    {
        for (int i = 0; i < vectors.Length; i++)
        {
            PlaceU32(address + (uint)i * 8, vectors[i].Buffer);
            PlaceU32(address + (uint)i * 8 + 4, vectors[i].Length);
        }
        return address;
    }

    private int Check(uint address, uint length)
    {
        if ((ulong)address + length > (ulong)_bytes.Length)
            throw new GuestMemoryFaultException(address, length, $"is outside the {_bytes.Length}-byte linear memory");
        return (int)address;
    }
}
