namespace Plover.Sandbox.Wasi.Abi;

/// <summary>WASI preview1 <c>eventtype</c> (u8): the tag of a subscription and of an event.</summary>
public enum WasiEventType : byte
{
    Clock = 0,
    FdRead = 1,
    FdWrite = 2,
}

/// <summary>WASI preview1 <c>eventrwflags</c> (u16).</summary>
[Flags]
public enum WasiEventRwFlags : ushort
{
    None = 0,
    FdReadwriteHangup = 1 << 0,
}

/// <summary>WASI preview1 <c>subclockflags</c> (u16).</summary>
[Flags]
public enum WasiSubclockFlags : ushort
{
    None = 0,
    SubscriptionClockAbstime = 1 << 0,
    All = SubscriptionClockAbstime,
}
