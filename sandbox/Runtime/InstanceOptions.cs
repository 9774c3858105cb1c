namespace Plover.Sandbox;

/// <summary>Per-instance limits and metering.</summary>
public sealed record InstanceOptions
{
    /// <summary>
    /// Default call-stack budget in estimated bytes. Compiled frames are charged a conservative
    /// estimate (see <c>FunctionCompiler.FrameBytes</c>), so 512 KiB of budget stays well inside the
    /// 1.5 MiB stack of a .NET thread-pool thread, with room for the host's own frames.
    /// </summary>
    public const int CallStackBytesDefault = 512 * 1024;

    /// <summary>Fuel to start with; null (the default) compiles without metering.</summary>
    public long? Fuel { get; init; }

    /// <summary>The most 64 KiB pages a memory defined by the instance may reach (memory.grow beyond it returns -1).</summary>
    public uint MemoryPagesLimit { get; init; } = 65536;

    /// <summary>The most elements a table defined by the instance may reach.</summary>
    public uint TableElementsLimit { get; init; } = Table.ElementsLimitDefault;

    /// <summary>The call-stack budget a call from the host starts with; deeper recursion traps with <see cref="TrapCode.CallStackExhausted"/>.</summary>
    public int CallStackBytes { get; init; } = CallStackBytesDefault;
}
