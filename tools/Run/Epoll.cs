using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Plover.Cli.Run;

/// <summary>
/// Linux's epoll and an eventfd, for the one thread that serves every client of `plover run
/// --listen`: it waits for readiness itself, so no thread pool hop or spinning worker sits
/// between a client's bytes and the guest.
/// </summary>
internal sealed partial class Epoll : IDisposable
{
    public const uint In = 0x001;
    public const uint Out = 0x004;
    public const uint Error = 0x008;
    public const uint HangUp = 0x010;

    private const int CtlAdd = 1;
    private const int CtlDel = 2;
    private const int CtlMod = 3;
    private const int CloseOnExec = 0x80000;
    private const int NonBlocking = 0x800;
    private const int Interrupted = 4;

    // struct epoll_event is packed on x86-64 (12 bytes), naturally aligned elsewhere (16 bytes).
    private static readonly int EventBytes = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly byte[] _events;
    private bool _disposed;

    public Epoll(int eventsMax)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("plover run --listen serves clients with Linux's epoll");
        _events = new byte[eventsMax * EventBytes];
        _epoll = Check(epoll_create1(CloseOnExec), "epoll_create1");
        _wake = Check(eventfd(0, CloseOnExec | NonBlocking), "eventfd");
        Add(_wake, In, WakeToken);
    }

    /// <summary>The token of the wake-up eventfd's events.</summary>
    public const ulong WakeToken = ulong.MaxValue;

    public void Add(int fd, uint events, ulong token) => Control(CtlAdd, fd, events, token);

    public void Modify(int fd, uint events, ulong token) => Control(CtlMod, fd, events, token);

    public void Remove(int fd) => Control(CtlDel, fd, 0, 0);

    /// <summary>Wakes <see cref="Wait"/> from any thread.</summary>
    public void Wake()
    {
        Span<byte> one = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(one, 1);
        _ = write(_wake, one, 8);
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> (-1: no limit) and returns how many events <see cref="EventAt"/> holds.</summary>
    public int Wait(int timeoutMs)
    {
        int count = epoll_wait(_epoll, _events, _events.Length / EventBytes, timeoutMs);
        if (count >= 0) return count;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Interrupted) return 0;
        throw new IOException($"epoll_wait failed with errno {errno}");
    }

    public (uint Events, ulong Token) EventAt(int index)
    {
        ReadOnlySpan<byte> raw = _events.AsSpan(index * EventBytes, EventBytes);
        return (BinaryPrimitives.ReadUInt32LittleEndian(raw), BinaryPrimitives.ReadUInt64LittleEndian(raw[DataOffset..]));
    }

    /// <summary>Consumes pending wake-ups.</summary>
    public void ClearWake()
    {
        Span<byte> counter = stackalloc byte[8];
        _ = read(_wake, counter, 8);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _ = close(_wake);
        _ = close(_epoll);
    }

    private void Control(int operation, int fd, uint events, ulong token)
    {
        Span<byte> raw = stackalloc byte[16];
        raw.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(raw, events);
        BinaryPrimitives.WriteUInt64LittleEndian(raw[DataOffset..], token);
        if (epoll_ctl(_epoll, operation, fd, raw) != 0)
            throw new IOException($"epoll_ctl({operation}) on fd {fd} failed with errno {Marshal.GetLastPInvokeError()}");
    }

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new IOException($"{call} failed with errno {Marshal.GetLastPInvokeError()}");

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epfd, int op, int fd, ReadOnlySpan<byte> ev);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_wait(int epfd, Span<byte> events, int maxevents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, Span<byte> buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
