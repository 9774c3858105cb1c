namespace Plover.Sandbox.Guest;

/// <summary>Ways a guest can break the machine's blocking protocol.</summary>
public enum GuestFaultKind
{
    /// <summary>Its unwound call stack did not fit the Asyncify buffer (<see cref="GuestMachineOptions.AsyncifyBufferBytes"/>).</summary>
    AsyncifyBufferOverflow,

    /// <summary>It wrote into the Asyncify buffer while running, which an unwind would overwrite.</summary>
    AsyncifyBufferWritten,

    /// <summary>Unwinding or rewinding did not follow Asyncify's protocol (state corrupted, a rewind that reached another call).</summary>
    AsyncifyProtocol,

    /// <summary>A guest not prepared with Asyncify waits for input that cannot arrive while it holds the thread.</summary>
    BlockedWithoutAsyncify,
}

/// <summary>Why a machine faulted: the kind and a message naming what and where.</summary>
public sealed record GuestFault(GuestFaultKind Kind, string Message)
{
    public override string ToString() => $"{Kind}: {Message}";
}

/// <summary>Raised inside a host call to abandon the guest's execution; caught where the machine entered it.</summary>
internal sealed class GuestFaultException(GuestFault fault) : Exception(fault.Message)
{
    public GuestFault Fault { get; } = fault;
}
