using Plover.Sandbox.Execution;

namespace Plover.Sandbox;

/// <summary>
/// An instance of a <see cref="Module"/>: its memory, tables, globals and functions. Exports are
/// reached by name; everything else (non-exported globals such as <c>__stack_pointer</c>, tables,
/// functions by index) is reachable by index for state capture and restore.
/// </summary>
public sealed class Instance
{
    private readonly InstanceContext context;
    private readonly Dictionary<string, object> exports = new(StringComparer.Ordinal);
    private Dictionary<Function, int>? functionIndices;

    internal Instance(Module module, InstanceContext context, bool fuelEnabled)
    {
        Module = module;
        this.context = context;
        FuelEnabled = fuelEnabled;
    }

    public Module Module { get; }

    internal InstanceContext Context => context;

    /// <summary>Memory 0, or null when the module has none.</summary>
    public Memory? Memory => context.Memory;

    /// <summary>Every global of the global index space (imports first), exported or not.</summary>
    public IReadOnlyList<Global> Globals => context.Globals;

    /// <summary>Every table of the table index space (imports first).</summary>
    public IReadOnlyList<Table> Tables => context.Tables;

    /// <summary>The function index space (imports first).</summary>
    public IReadOnlyList<Function> Functions => context.Functions;

    /// <summary>Exports by name, in the module's export order.</summary>
    public IEnumerable<KeyValuePair<string, object>> Exports =>
        Module.Exports.Select(e => new KeyValuePair<string, object>(e.Name, exports[e.Name]));

    public bool FuelEnabled { get; }

    /// <summary>Remaining fuel; readable and refillable by the host. Only for instances created with fuel.</summary>
    public long Fuel
    {
        get => FuelEnabled ? context.Fuel : throw new InvalidOperationException("fuel metering is not enabled for this instance");
        set
        {
            if (!FuelEnabled) throw new InvalidOperationException("fuel metering is not enabled for this instance");
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            context.Fuel = value;
        }
    }

    /// <summary>The call-stack budget (estimated bytes) a call from the host starts with.</summary>
    public int CallStackBytes
    {
        get => context.CallStackBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            context.CallStackBytes = value;
        }
    }

    public object? GetExport(string name) => exports.GetValueOrDefault(name);

    public Function GetFunction(string exportName) => GetExport<Function>(exportName);
    public Memory GetMemory(string exportName) => GetExport<Memory>(exportName);
    public Table GetTable(string exportName) => GetExport<Table>(exportName);
    public Global GetGlobal(string exportName) => GetExport<Global>(exportName);

    /// <summary>Function <paramref name="index"/> of the function index space.</summary>
    public Function GetFunction(int index) => context.Functions[index];

    /// <summary>The index of <paramref name="function"/> in this instance's function index space, if it is there.</summary>
    public bool TryGetFunctionIndex(Function function, out int index)
    {
        functionIndices ??= BuildFunctionIndices();
        return functionIndices.TryGetValue(function, out index);
    }

    internal void AddExport(string name, object value) => exports.Add(name, value);

    private T GetExport<T>(string name) where T : class => GetExport(name) switch
    {
        T value => value,
        null => throw new KeyNotFoundException($"the instance has no export named \"{name}\""),
        var other => throw new InvalidCastException($"export \"{name}\" is a {other.GetType().Name}, not a {typeof(T).Name}"),
    };

    private Dictionary<Function, int> BuildFunctionIndices()
    {
        var indices = new Dictionary<Function, int>(ReferenceEqualityComparer.Instance as IEqualityComparer<Function>);
        for (int i = 0; i < context.Functions.Length; i++) indices.TryAdd(context.Functions[i], i);
        return indices;
    }
}
