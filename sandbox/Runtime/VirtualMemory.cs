using System.Runtime.InteropServices;

namespace Plover.Sandbox.Runtime;

/// <summary>
/// Reserves address space with mmap (no access, no commit charge) and makes parts of it readable
/// and writable. A linear memory reserves its whole limit up front so its base never moves.
/// </summary>
internal static unsafe partial class VirtualMemory
{
    private const int ProtNone = 0;
    private const int ProtReadWrite = 0x1 | 0x2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const int MapNoReserve = 0x4000;
    private static readonly nint MapFailed = -1;

    public static byte* Reserve(ulong bytes)
    {
        if (bytes == 0) return null;
        nint address = mmap(0, (nuint)bytes, ProtNone, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        if (address == MapFailed) throw new OutOfMemoryException($"mmap could not reserve {bytes} bytes of address space (errno {Marshal.GetLastPInvokeError()})");
        return (byte*)address;
    }

    /// <summary>Makes [<paramref name="start"/>, <paramref name="start"/> + <paramref name="bytes"/>) of a reservation readable and writable (zero-filled on first touch).</summary>
    public static void Commit(byte* start, ulong bytes)
    {
        if (bytes == 0) return;
        if (mprotect((nint)start, (nuint)bytes, ProtReadWrite) != 0)
            throw new OutOfMemoryException($"mprotect could not commit {bytes} bytes (errno {Marshal.GetLastPInvokeError()})");
    }

    public static void Release(byte* start, ulong bytes)
    {
        if (start == null || bytes == 0) return;
        if (munmap((nint)start, (nuint)bytes) != 0)
            throw new InvalidOperationException($"munmap failed (errno {Marshal.GetLastPInvokeError()})");
    }

    /// <summary>Rounds up to the 4 KiB page size of the host.</summary>
    public static ulong RoundToHostPage(ulong bytes) => (bytes + 4095) & ~4095UL;

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int munmap(nint address, nuint length);
}
