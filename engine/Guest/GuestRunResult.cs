namespace Plover.Engine.Guest;

/// <summary>How a run of the guest ended.</summary>
public enum GuestRunStatus
{
    /// <summary>Waiting for input or a deadline; its state is all in memory, globals, table and library OS.</summary>
    Blocked,
    /// <summary>The guest called proc_exit or returned from its start.</summary>
    Exited,
    /// <summary>A WebAssembly trap.</summary>
    Trapped,
    /// <summary>Out of fuel, memory past its limit, or its call stack exhausted.</summary>
    LimitHit,
}

/// <summary>
/// The outcome of <see cref="IGuestMachine.RunUntilBlocked"/>. A blocked guest reports how long until
/// its earliest deadline (null: it waits for input only); anything else is a fault with a precise reason.
/// </summary>
public readonly record struct GuestRunResult(GuestRunStatus Status, ulong? NanosecondsUntilDeadline, int? ExitCode, string Detail)
{
    public static GuestRunResult Blocked(ulong? nanosecondsUntilDeadline) => new(GuestRunStatus.Blocked, nanosecondsUntilDeadline, null, "");

    public static GuestRunResult Exited(int code) => new(GuestRunStatus.Exited, null, code, $"the guest exited with code {code}");

    public static GuestRunResult Trapped(string detail) => new(GuestRunStatus.Trapped, null, null, detail);

    public static GuestRunResult LimitHit(string detail) => new(GuestRunStatus.LimitHit, null, null, detail);

    public bool IsBlocked => Status == GuestRunStatus.Blocked;

    public override string ToString() => IsBlocked
        ? NanosecondsUntilDeadline is { } ns ? $"blocked (deadline in {ns / 1_000_000.0:F1} ms)" : "blocked (waiting for input)"
        : $"{Status}: {Detail}";
}
