using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Plover.Sandbox.Hashing;

namespace Plover.Sandbox.Guest.State;

/// <summary>
/// One XXH3-64 digest of a guest's whole state, with a sub-hash per part, so two replicas whose
/// totals differ can tell which parts to exchange: the table of page hashes (every 4 KiB page),
/// the memory size, the globals, the tables and the library OS state.
/// </summary>
public readonly record struct GuestStateDigest(ulong Pages, ulong MemorySize, ulong Globals, ulong Tables, ulong LibraryOs)
{
    /// <summary>The hash of the five sub-hashes in order.</summary>
    public ulong Total
    {
        get
        {
            Span<ulong> parts = [Pages, MemorySize, Globals, Tables, LibraryOs];
            return HashWords(parts);
        }
    }

    /// <summary>The parts whose sub-hashes differ from <paramref name="other"/>'s, by name.</summary>
    public IReadOnlyList<string> DifferingParts(GuestStateDigest other)
    {
        var parts = new List<string>();
        if (Pages != other.Pages) parts.Add(nameof(Pages));
        if (MemorySize != other.MemorySize) parts.Add(nameof(MemorySize));
        if (Globals != other.Globals) parts.Add(nameof(Globals));
        if (Tables != other.Tables) parts.Add(nameof(Tables));
        if (LibraryOs != other.LibraryOs) parts.Add(nameof(LibraryOs));
        return parts;
    }

    public override string ToString() =>
        $"{Total:x16} (pages {Pages:x16}, size {MemorySize:x16}, globals {Globals:x16}, tables {Tables:x16}, library OS {LibraryOs:x16})";

    /// <summary>The digest of state given as its parts; <paramref name="pageHashes"/> holds the hash of every 4 KiB page in order.</summary>
    public static GuestStateDigest Compute(
        ReadOnlySpan<ulong> pageHashes, ulong memoryBytes, IReadOnlyList<GuestGlobal> globals, IReadOnlyList<GuestTable> tables, ReadOnlySpan<byte> libraryOs)
    {
        GuestInvariant.Require((ulong)pageHashes.Length * Memory.DirtyPageBytes == memoryBytes, "one page hash per 4 KiB page of memory");
        Span<ulong> size = [memoryBytes];
        return new GuestStateDigest(HashWords(pageHashes), HashWords(size), HashGlobals(globals), HashTables(tables), Xxh3.Hash(libraryOs));
    }

    // Words are hashed as their little-endian bytes, so the digest is the same on every host.
    private static ulong HashWords(ReadOnlySpan<ulong> words)
    {
        if (BitConverter.IsLittleEndian) return Xxh3.Hash(MemoryMarshal.AsBytes(words));
        var bytes = new byte[words.Length * 8];
        for (int i = 0; i < words.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), words[i]);
        return Xxh3.Hash(bytes);
    }

    private static ulong HashGlobals(IReadOnlyList<GuestGlobal> globals)
    {
        var words = new ulong[globals.Count * 2];
        for (int i = 0; i < globals.Count; i++)
        {
            words[2 * i] = (ulong)globals[i].Kind | (globals[i].Mutable ? 0x100UL : 0);
            words[2 * i + 1] = globals[i].Bits;
        }
        return HashWords(words);
    }

    private static ulong HashTables(IReadOnlyList<GuestTable> tables)
    {
        var words = new List<ulong>();
        foreach (GuestTable table in tables)
        {
            words.Add((ulong)table.ElementType);
            words.Add((ulong)table.Elements.Length);
            foreach (int element in table.Elements) words.Add((ulong)(long)element);
        }
        return HashWords(words.ToArray());
    }
}
