using System.Runtime.InteropServices;
using Plover.Engine.Guest;
using Plover.Sandbox.Hashing;

namespace Plover.Engine.Epochs;

/// <summary>
/// The XXH3-64 of every 4 KiB page of a guest's memory as of its last seal. Pages never written
/// hold zeros (memory grows zero-filled), so a page beyond the table hashes as the zero page.
/// </summary>
public sealed class PageHashTable
{
    public static readonly ulong ZeroPageHash = Xxh3.Hash(new byte[IGuestMachine.PageBytes]);

    private ulong[] hashes = [];

    public int PageCount { get; private set; }

    public ulong this[int page] => page < PageCount ? hashes[page] : ZeroPageHash;

    public void GrowTo(int pageCount)
    {
        Invariant.Require(pageCount >= PageCount, $"memory only grows (table has {PageCount} pages, asked for {pageCount})");
        if (pageCount > hashes.Length) Array.Resize(ref hashes, Math.Max(pageCount, hashes.Length * 2));
        for (int page = PageCount; page < pageCount; page++) hashes[page] = ZeroPageHash;
        PageCount = pageCount;
    }

    public void Set(int page, ulong hash)
    {
        Invariant.Require(page < PageCount, $"page {page} lies within the {PageCount}-page table");
        hashes[page] = hash;
    }

    /// <summary>XXH3-64 over the table's bytes: the pages part of the state digest.</summary>
    public ulong HashOfTable() => Xxh3.Hash(MemoryMarshal.AsBytes(hashes.AsSpan(0, PageCount)));

    public static ulong HashPage(ReadOnlySpan<byte> page) => Xxh3.Hash(page);
}
