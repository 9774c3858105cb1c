namespace Plover.Sandbox.Guest.State;

/// <summary>
/// The whole state of a blocked guest: memory (its size, and every 4 KiB page that is not all
/// zero), every global's value, every table's elements as function indices, and the library OS
/// state. Restored into a fresh machine of the same module and options
/// (<see cref="GuestMachine.Restore"/>), it continues exactly where the captured one was.
/// </summary>
public sealed class GuestState
{
    public GuestState(ulong moduleFingerprint, uint memoryPages, IReadOnlyList<GuestPage> pages, IReadOnlyList<GuestGlobal> globals, IReadOnlyList<GuestTable> tables, byte[] libraryOs)
    {
        ulong pageCount = (ulong)memoryPages * (Memory.WasmPageBytes / Memory.DirtyPageBytes);
        int previous = -1;
        foreach (GuestPage page in pages)
        {
            if (page.Index <= previous || (ulong)page.Index >= pageCount)
                throw new GuestStateException($"page {page.Index} is not after page {previous} or lies past memory's {pageCount} pages");
            if (page.Bytes.Length != Memory.DirtyPageBytes)
                throw new GuestStateException($"page {page.Index} has {page.Bytes.Length} bytes, not {Memory.DirtyPageBytes}");
            previous = page.Index;
        }
        ModuleFingerprint = moduleFingerprint;
        MemoryPages = memoryPages;
        Pages = pages;
        Globals = globals;
        Tables = tables;
        LibraryOs = libraryOs;
    }

    /// <summary>XXH3-64 of the binary of the module the state belongs to; restore checks it.</summary>
    public ulong ModuleFingerprint { get; }

    /// <summary>Memory size in 64 KiB pages.</summary>
    public uint MemoryPages { get; }

    /// <summary>The 4 KiB pages holding anything but zeros, ascending; every other page is zero.</summary>
    public IReadOnlyList<GuestPage> Pages { get; }

    public IReadOnlyList<GuestGlobal> Globals { get; }

    public IReadOnlyList<GuestTable> Tables { get; }

    /// <summary>The library OS state (<c>WasiLibraryOs.CaptureState</c>).</summary>
    public byte[] LibraryOs { get; }

    public ulong MemoryBytes => (ulong)MemoryPages * Memory.WasmPageBytes;

    /// <summary>The same digest a machine in this state computes.</summary>
    public GuestStateDigest ComputeDigest()
    {
        var hashes = new ulong[MemoryBytes / Memory.DirtyPageBytes];
        ulong zeroPage = Hashing.Xxh3.Hash(new byte[Memory.DirtyPageBytes]);
        Array.Fill(hashes, zeroPage);
        foreach (GuestPage page in Pages) hashes[page.Index] = Hashing.Xxh3.Hash(page.Bytes);
        return GuestStateDigest.Compute(hashes, MemoryBytes, Globals, Tables, LibraryOs);
    }

    /// <summary>The serialized form (format version, XXH3 checksum): see <see cref="GuestStateSerializer"/>.</summary>
    public byte[] Serialize() => GuestStateSerializer.Serialize(this);

    /// <summary>Parses a serialized state strictly; a <see cref="GuestStateFormatException"/> names the offset of any defect.</summary>
    public static GuestState Deserialize(byte[] bytes) => GuestStateSerializer.Deserialize(bytes);
}
