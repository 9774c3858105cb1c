using System.Buffers.Binary;
using Plover.Sandbox.Hashing;

namespace Plover.Sandbox.Guest.State;

/// <summary>
/// The serialized form of a <see cref="GuestState"/>, for checkpoints and state transfer. All
/// integers little-endian:
/// <code>
/// "PLVGUEST" | u16 version | u64 module fingerprint (XXH3-64 of its binary) | u32 memory pages (64 KiB)
/// u32 page count | { u32 index (ascending) | 4096 bytes } ...
/// u32 global count | { u8 value type | u8 mutable | u64 bits } ...
/// u32 table count | { u8 element type | u32 length | i32 function index or -1 ... } ...
/// u32 library OS length | bytes
/// u64 XXH3-64 of everything before it
/// </code>
/// Parsing is strict: every count is bounded by what is left, every field is checked, and any
/// defect is a <see cref="GuestStateFormatException"/> naming its offset.
/// </summary>
public static class GuestStateSerializer
{
    public const ushort Version = 1;

    private const int ChecksumBytes = 8;
    private const int GlobalBytes = 10;
    private const int PageRecordBytes = 4 + Memory.DirtyPageBytes;
    private const uint MemoryPagesMax = 65536;

    private static ReadOnlySpan<byte> Magic => "PLVGUEST"u8;

    public static byte[] Serialize(GuestState state)
    {
        var writer = new GuestStateWriter(state.Pages.Count * PageRecordBytes + state.LibraryOs.Length + 1024);
        writer.Raw(Magic);
        writer.U16(Version);
        writer.U64(state.ModuleFingerprint);
        writer.U32(state.MemoryPages);
        writer.U32((uint)state.Pages.Count);
        foreach (GuestPage page in state.Pages)
        {
            writer.U32((uint)page.Index);
            writer.Raw(page.Bytes);
        }
        writer.U32((uint)state.Globals.Count);
        foreach (GuestGlobal global in state.Globals)
        {
            writer.U8((byte)global.Kind);
            writer.U8(global.Mutable ? (byte)1 : (byte)0);
            writer.U64(global.Bits);
        }
        writer.U32((uint)state.Tables.Count);
        foreach (GuestTable table in state.Tables)
        {
            writer.U8((byte)table.ElementType);
            writer.U32((uint)table.Elements.Length);
            foreach (int element in table.Elements) writer.U32((uint)element);
        }
        writer.U32((uint)state.LibraryOs.Length);
        writer.Raw(state.LibraryOs);
        writer.U64(Xxh3.Hash(writer.Written));
        return writer.Written.ToArray();
    }

    public static GuestState Deserialize(byte[] bytes)
    {
        var reader = new GuestStateReader(bytes, bytes.Length - ChecksumBytes);
        CheckHeader(reader, bytes);
        ulong fingerprint = reader.U64();
        int at = reader.Offset;
        uint memoryPages = reader.U32();
        if (memoryPages > MemoryPagesMax) throw reader.Fail($"memory of {memoryPages} pages exceeds wasm32's {MemoryPagesMax}", at);
        List<GuestPage> pages = ReadPages(reader, memoryPages);
        List<GuestGlobal> globals = ReadGlobals(reader);
        List<GuestTable> tables = ReadTables(reader);
        at = reader.Offset;
        int libraryOsLength = reader.Count(reader.Remaining, 1, "library OS state bytes");
        byte[] libraryOs = reader.Take(libraryOsLength).ToArray();
        if (!reader.AtEnd) throw reader.Fail($"{reader.Remaining} bytes follow the library OS state before the checksum");
        return new GuestState(fingerprint, memoryPages, pages, globals, tables, libraryOs);
    }

    private static void CheckHeader(GuestStateReader reader, byte[] bytes)
    {
        if (bytes.Length < Magic.Length + 2 + ChecksumBytes)
            throw new GuestStateFormatException($"{bytes.Length} bytes are too few for a guest state", 0);
        if (!reader.Take(Magic.Length).SequenceEqual(Magic)) throw reader.Fail("not a Plover guest state (bad magic)", 0);
        int at = reader.Offset;
        if (reader.U16() is var version and not Version) throw reader.Fail($"format version {version} is not {Version}", at);
        int checksumAt = bytes.Length - ChecksumBytes;
        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(checksumAt));
        ulong actual = Xxh3.Hash(bytes.AsSpan(0, checksumAt));
        if (stored != actual) throw reader.Fail($"checksum {stored:x16} does not match the contents ({actual:x16})", checksumAt);
    }

    private static List<GuestPage> ReadPages(GuestStateReader reader, uint memoryPages)
    {
        int pageLimit = (int)Math.Min((ulong)memoryPages * (Memory.WasmPageBytes / Memory.DirtyPageBytes), int.MaxValue);
        int count = reader.Count(pageLimit, PageRecordBytes, "pages");
        var pages = new List<GuestPage>(count);
        int previous = -1;
        for (int i = 0; i < count; i++)
        {
            int at = reader.Offset;
            uint index = reader.U32();
            if (index >= pageLimit || (int)index <= previous)
                throw reader.Fail($"page index {index} is not after {previous} or not below the {pageLimit} pages of memory", at);
            previous = (int)index;
            pages.Add(new GuestPage((int)index, reader.Take(Memory.DirtyPageBytes).ToArray()));
        }
        return pages;
    }

    private static List<GuestGlobal> ReadGlobals(GuestStateReader reader)
    {
        int count = reader.Count(int.MaxValue, GlobalBytes, "globals");
        var globals = new List<GuestGlobal>(count);
        for (int i = 0; i < count; i++)
        {
            int at = reader.Offset;
            var kind = (ValueKind)reader.U8();
            if (kind is not (ValueKind.I32 or ValueKind.I64 or ValueKind.F32 or ValueKind.F64 or ValueKind.FuncRef))
                throw reader.Fail($"global {i} has value type 0x{(byte)kind:x2}, which a guest state cannot hold", at);
            bool mutable = reader.Bool();
            at = reader.Offset;
            ulong bits = reader.U64();
            if (kind is ValueKind.I32 or ValueKind.F32 && bits > uint.MaxValue)
                throw reader.Fail($"global {i} is 32 bits wide but holds 0x{bits:x16}", at);
            if (kind == ValueKind.FuncRef && bits != GuestGlobal.NullReference && bits > int.MaxValue)
                throw reader.Fail($"global {i} names function {bits}", at);
            globals.Add(new GuestGlobal(kind, mutable, bits));
        }
        return globals;
    }

    private static List<GuestTable> ReadTables(GuestStateReader reader)
    {
        int count = reader.Count(int.MaxValue, 5, "tables");
        var tables = new List<GuestTable>(count);
        for (int i = 0; i < count; i++)
        {
            int at = reader.Offset;
            var type = (ValueKind)reader.U8();
            if (type != ValueKind.FuncRef) throw reader.Fail($"table {i} has element type 0x{(byte)type:x2}; only funcref tables can be captured", at);
            int length = reader.Count((int)Table.ElementsLimitDefault, 4, $"elements of table {i}");
            var elements = new int[length];
            for (int e = 0; e < length; e++)
            {
                at = reader.Offset;
                int element = (int)reader.U32();
                if (element < GuestTable.NullElement) throw reader.Fail($"table {i} element {e} names function {element}", at);
                elements[e] = element;
            }
            tables.Add(new GuestTable(type, elements));
        }
        return tables;
    }
}
