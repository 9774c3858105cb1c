namespace Plover.Sandbox.Guest;

/// <summary>How a <see cref="GuestMachine.RunUntilBlocked"/> ended. Every status but <see cref="Blocked"/> is final.</summary>
public enum GuestRunStatus
{
    /// <summary>The guest waits for input or a deadline, unwound into linear memory: its state can be captured.</summary>
    Blocked,

    /// <summary>The guest called <c>proc_exit</c> or returned from <c>_start</c> (code 0).</summary>
    Exited,

    /// <summary>The guest trapped (see <see cref="GuestRunResult.Trap"/>), the call-stack budget included.</summary>
    Trapped,

    /// <summary>The run used up its fuel (<see cref="GuestMachineOptions.FuelPerRun"/>): the guest computes without end or too long.</summary>
    OutOfFuel,

    /// <summary>Memory could not grow past the machine's limit and the guest then failed (trapped or exited non-zero), or the Asyncify buffer found no room.</summary>
    MemoryLimitExceeded,

    /// <summary>The guest broke the blocking protocol (see <see cref="GuestRunResult.Fault"/>): its state cannot be trusted.</summary>
    Faulted,
}
