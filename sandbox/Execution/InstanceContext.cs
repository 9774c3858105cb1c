namespace Plover.Sandbox.Execution;

/// <summary>
/// The state of one instance as compiled code sees it: every compiled function receives it as a
/// parameter, so one compiled module serves any number of independent instances. Fields, not
/// properties, so the JIT emits plain loads.
/// </summary>
internal sealed class InstanceContext
{
    public Memory? Memory;
    public Global[] Globals = [];
    public Table[] Tables = [];

    /// <summary>The function index space: imports (host or other instances') first, then this instance's own.</summary>
    public Function[] Functions = [];

    /// <summary>For each imported function index, its host function when the import is one; otherwise null.</summary>
    public HostFunction?[] HostFunctions = [];

    /// <summary>Data segments by index; a dropped segment is empty.</summary>
    public byte[][] DataSegments = [];

    /// <summary>Element segments (evaluated references) by index; a dropped segment is empty.</summary>
    public object?[][] ElementSegments = [];

    /// <summary>Remaining fuel when metering is on (compiled code of a metered module reads and decrements it).</summary>
    public long Fuel;

    /// <summary>The call-stack budget, in estimated bytes, that a call from the host starts with.</summary>
    public int CallStackBytes;

    public Instance Instance = null!;
}
