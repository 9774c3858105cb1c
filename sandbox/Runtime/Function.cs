using Plover.Sandbox.Execution;

namespace Plover.Sandbox;

/// <summary>
/// A function of an instance (its own or one it imported from the host): the value of a funcref.
/// It can be invoked from C#, and it knows its instance and index, so a reference held in a table
/// can be mapped back to a function index and restored into another instance of the same module.
/// </summary>
public sealed class Function
{
    // Read by compiled code for call_indirect: the canonical type id, the entry point and the
    // instance context the entry point expects.
    internal readonly int TypeId;
    internal readonly nint Code;
    internal readonly InstanceContext Context;

    internal Function(FuncType type, nint code, InstanceContext context, int index, HostFunction? host)
    {
        Type = type;
        TypeId = type.CanonicalId;
        Code = code;
        Context = context;
        Index = index;
        Host = host;
    }

    public FuncType Type { get; }

    /// <summary>The instance this function belongs to (for a host function: the instance that imported it).</summary>
    public Instance Instance => Context.Instance;

    /// <summary>The function's index in <see cref="Instance"/>'s function index space.</summary>
    public int Index { get; }

    /// <summary>The host function behind this function, when it is an imported host function.</summary>
    public HostFunction? Host { get; }

    /// <summary>
    /// Calls the function with <paramref name="arguments"/> (checked against its signature) and
    /// returns its results. Traps surface as <see cref="WasmTrap"/>.
    /// </summary>
    public WasmValue[] Invoke(params ReadOnlySpan<WasmValue> arguments) => Invoker.Invoke(this, arguments);

    public override string ToString() => $"function {Index} {Type}";
}
