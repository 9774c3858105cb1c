using Plover.Sandbox.Wasi;

namespace Plover.Sandbox.Guest;

/// <summary>
/// How to build a <see cref="GuestMachine"/>: the library OS's configuration (arguments,
/// environment, stdio, network sink, time mode) and the machine's limits. Restoring a captured
/// state needs a machine built with the same options (the same network, mode and buffer size).
/// </summary>
public sealed record GuestMachineOptions
{
    /// <summary>Default room for an unwound call stack: 1 MiB (a kv guest blocked in poll needs well under 1 KiB).</summary>
    public const int AsyncifyBufferBytesDefault = 1024 * 1024;

    /// <summary>The smallest buffer accepted: a few small frames.</summary>
    public const int AsyncifyBufferBytesMin = 256;

    public WasiConfiguration Wasi { get; init; } = new();

    /// <summary>The most 64 KiB pages memory may reach, the Asyncify buffer included.</summary>
    public uint MemoryPagesLimit { get; init; } = 65536;

    /// <summary>
    /// Fuel each <see cref="GuestMachine.RunUntilBlocked"/> starts with (one unit per function entry
    /// and per loop iteration); null runs unmetered. A run that uses it up ends the machine with
    /// <see cref="GuestRunStatus.OutOfFuel"/>.
    /// </summary>
    public long? FuelPerRun { get; init; }

    /// <summary>
    /// The guest's call-stack budget in estimated bytes (see <see cref="InstanceOptions.CallStackBytes"/>).
    /// Guest code runs on the thread that calls <see cref="GuestMachine.RunUntilBlocked"/>, which needs
    /// about 0.7 bytes of real stack per byte of budget plus 256 KiB for the host.
    /// </summary>
    public int CallStackBytes { get; init; } = InstanceOptions.CallStackBytesDefault;

    /// <summary>Bytes for an unwound call stack (the buffer takes whole 64 KiB pages at the end of memory).</summary>
    public int AsyncifyBufferBytes { get; init; } = AsyncifyBufferBytesDefault;

    internal void Validate()
    {
        if (MemoryPagesLimit is 0 or > 65536) throw new ArgumentException($"MemoryPagesLimit {MemoryPagesLimit} is not in [1, 65536]");
        if (FuelPerRun is <= 0) throw new ArgumentException($"FuelPerRun {FuelPerRun} must be positive (null runs unmetered)");
        if (CallStackBytes <= 0) throw new ArgumentException($"CallStackBytes {CallStackBytes} must be positive");
        if (AsyncifyBufferBytes < AsyncifyBufferBytesMin || AsyncifyBufferBytes % 4 != 0)
            throw new ArgumentException($"AsyncifyBufferBytes {AsyncifyBufferBytes} must be a multiple of 4 and at least {AsyncifyBufferBytesMin}");
    }
}
