namespace Plover.Sandbox;

/// <summary>Per-instance limits and metering.</summary>
public sealed record InstanceOptions
{
    /// <summary>
    /// Default call-stack budget in estimated bytes. Guest code runs on the calling thread; each
    /// compiled frame is charged an estimate at least 1.5 times its measured size (see
    /// <c>FunctionCompiler.FrameBytes</c>), so 1 MiB of budget uses at most about 700 KiB of real
    /// stack: inside the 1.5 MiB of a .NET thread-pool thread with room for the host's own frames,
    /// and far inside the 8 MiB main thread. About 4,000 calls deep for small functions.
    /// </summary>
    public const int CallStackBytesDefault = 1024 * 1024;

    /// <summary>Fuel to start with; null (the default) compiles without metering.</summary>
    public long? Fuel { get; init; }

    /// <summary>The most 64 KiB pages a memory defined by the instance may reach (memory.grow beyond it returns -1).</summary>
    public uint MemoryPagesLimit { get; init; } = 65536;

    /// <summary>The most elements a table defined by the instance may reach.</summary>
    public uint TableElementsLimit { get; init; } = Table.ElementsLimitDefault;

    /// <summary>The call-stack budget a call from the host starts with; deeper recursion traps with <see cref="TrapCode.CallStackExhausted"/>.</summary>
    public int CallStackBytes { get; init; } = CallStackBytesDefault;
}
