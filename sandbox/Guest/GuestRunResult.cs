using Plover.Sandbox.Wasi;

namespace Plover.Sandbox.Guest;

/// <summary>
/// What one <see cref="GuestMachine.RunUntilBlocked"/> came to. For <see cref="GuestRunStatus.Blocked"/>:
/// what the blocked call waits for (descriptors, and deadlines on the library OS's clocks). For the
/// final statuses: the exit code, the trap or the fault.
/// </summary>
public sealed record GuestRunResult
{
    private GuestRunResult(GuestRunStatus status) => Status = status;

    public GuestRunStatus Status { get; }

    /// <summary>The WASI function the guest blocked in (<c>poll_oneoff</c>, <c>sock_accept</c>, <c>sock_recv</c>, <c>fd_read</c>).</summary>
    public string? BlockedIn { get; private init; }

    /// <summary>Descriptors the blocked call waits on.</summary>
    public IReadOnlyList<WasiFdInterest> WaitsOn { get; private init; } = [];

    /// <summary>
    /// Times at which the blocked call completes on its own, on the library OS's clocks (the event
    /// time in deterministic mode: schedule an input event at or after one).
    /// </summary>
    public IReadOnlyList<WasiDeadline> Deadlines { get; private init; } = [];

    /// <summary>Nanoseconds from now until the earliest deadline (0 when due), or null when it waits for input only.</summary>
    public ulong? NanosecondsUntilDeadline { get; private init; }

    /// <summary>The exit code, for <see cref="GuestRunStatus.Exited"/> (and a memory-limit failure that exited).</summary>
    public uint? ExitCode { get; private init; }

    /// <summary>The trap, for <see cref="GuestRunStatus.Trapped"/>, <see cref="GuestRunStatus.OutOfFuel"/> and a memory-limit failure that trapped.</summary>
    public WasmTrap? Trap { get; private init; }

    public GuestFault? Fault { get; private init; }

    /// <summary>A sentence saying what happened, for logs and for <c>plover run</c>'s error output.</summary>
    public string Description { get; private init; } = "";

    public bool IsFinal => Status != GuestRunStatus.Blocked;

    internal static GuestRunResult Blocked(WasiBlockedCall call, ulong? nanosecondsUntilDeadline) => new(GuestRunStatus.Blocked)
    {
        BlockedIn = call.Function,
        WaitsOn = call.FdInterests,
        Deadlines = call.Deadlines,
        NanosecondsUntilDeadline = nanosecondsUntilDeadline,
        Description = call.Deadlines.Count == 0
            ? $"blocked in {call.Function}, waiting for input"
            : $"blocked in {call.Function}, waiting for input or a deadline in {nanosecondsUntilDeadline} ns",
    };

    internal static GuestRunResult Exited(uint code) => new(GuestRunStatus.Exited)
    {
        ExitCode = code,
        Description = $"the guest exited with code {code}",
    };

    internal static GuestRunResult Trapped(WasmTrap trap) => new(trap.Code == TrapCode.OutOfFuel ? GuestRunStatus.OutOfFuel : GuestRunStatus.Trapped)
    {
        Trap = trap,
        Description = trap.Code == TrapCode.OutOfFuel ? $"the guest ran out of fuel ({trap.Message})" : $"the guest trapped: {trap.Message}",
    };

    internal static GuestRunResult MemoryLimitExceeded(uint limitPages, string how, WasmTrap? trap = null, uint? exitCode = null) =>
        new(GuestRunStatus.MemoryLimitExceeded)
        {
            Trap = trap,
            ExitCode = exitCode,
            Description = $"the guest needed more memory than its limit of {limitPages} pages of 64 KiB, then {how}",
        };

    internal static GuestRunResult Faulted(GuestFault fault) => new(GuestRunStatus.Faulted)
    {
        Fault = fault,
        Description = $"the guest broke the blocking protocol: {fault.Message}",
    };

    public override string ToString() => $"{Status}: {Description}";
}
