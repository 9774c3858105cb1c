namespace Plover.Sandbox.Guest;

/// <summary>Where a <see cref="GuestMachine"/> is in its life.</summary>
public enum GuestMachinePhase
{
    /// <summary>Built; <c>_start</c> has not run.</summary>
    NotStarted,

    /// <summary>Inside <see cref="GuestMachine.RunUntilBlocked"/>.</summary>
    Running,

    /// <summary>Unwound into memory, waiting: state may be captured, hashed, patched.</summary>
    Blocked,

    /// <summary>Exited, trapped, out of fuel, out of memory or faulted; <see cref="GuestMachine.LastResult"/> says which.</summary>
    Finished,
}
