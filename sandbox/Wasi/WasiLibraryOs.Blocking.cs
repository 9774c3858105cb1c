using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi;

// The would-block protocol shared by poll_oneoff, sock_accept, sock_recv and fd_read.
public sealed partial class WasiLibraryOs
{
    /// <summary>
    /// Whether calling the blocked function again now would complete: one of its descriptors is
    /// ready (or gone) or one of its deadlines has passed. True when nothing is blocked. Spurious
    /// true is possible (a WAITALL receive with part of its data); the retry then blocks again.
    /// </summary>
    public bool CanResume()
    {
        if (_blocked is null) return true;
        foreach (WasiDeadline deadline in _blocked.Deadlines)
            if (_time.NowNs(deadline.Clock) >= deadline.AtNs) return true;
        foreach (WasiFdInterest interest in _blocked.FdInterests)
            if (ReadinessOf(interest.Fd, interest.Write).Ready) return true;
        return false;
    }

    /// <summary>
    /// Nanoseconds until the blocked call's earliest deadline (0 when one has passed), or null
    /// when it waits only for input. Passthrough embedders sleep this long at most.
    /// </summary>
    public ulong? NanosecondsUntilDeadline()
    {
        if (_blocked is null || _blocked.Deadlines.Count == 0) return null;
        ulong earliest = ulong.MaxValue;
        foreach (WasiDeadline deadline in _blocked.Deadlines)
        {
            ulong now = _time.NowNs(deadline.Clock);
            earliest = Math.Min(earliest, deadline.AtNs <= now ? 0 : deadline.AtNs - now);
        }
        return earliest;
    }

    /// <summary>The clock readings a blocking call measures from: those of its first, blocked attempt if this is a retry.</summary>
    private (ulong RealtimeNs, ulong MonotonicNs) CallStart(string function, ReadOnlySpan<ulong> arguments) =>
        _blocked is { } blocked && blocked.Matches(function, arguments)
            ? (blocked.StartRealtimeNs, blocked.StartMonotonicNs)
            : (_time.RealtimeNs(), _time.MonotonicNs());

    private WasiCallResult Block(
        string function, ulong[] arguments, (ulong RealtimeNs, ulong MonotonicNs) start,
        IReadOnlyList<WasiFdInterest> fdInterests, IReadOnlyList<WasiDeadline> deadlines)
    {
        _blocked = new WasiBlockedCall(function, arguments, start.RealtimeNs, start.MonotonicNs, fdInterests, deadlines);
        return WasiCallResult.Blocked;
    }

    private WasiCallResult BlockOnRead(string function, ulong[] arguments, int fd) =>
        Block(function, arguments, CallStart(function, arguments), [new WasiFdInterest(fd, Write: false)], []);

    private WasiCallResult Complete(WasiErrno errno)
    {
        _blocked = null;
        return errno;
    }
}
