namespace Plover.Sandbox;

/// <summary>
/// The body of a host function: reads <paramref name="arguments"/> (typed as the signature says)
/// and writes <paramref name="results"/> (pre-set to zero values of the result types). It may call
/// exports of the calling instance, including the one that is calling it (re-entrancy), and may
/// throw <see cref="WasmTrap"/> to trap the guest.
/// </summary>
public delegate void HostCallback(Caller caller, ReadOnlySpan<WasmValue> arguments, Span<WasmValue> results);

/// <summary>A function implemented in C# with an explicit wasm signature, to be imported by modules.</summary>
public sealed class HostFunction
{
    public HostFunction(FuncType type, HostCallback callback)
    {
        Type = type;
        Callback = callback;
    }

    public FuncType Type { get; }
    public HostCallback Callback { get; }
}

/// <summary>The instance whose code called a host function (the instance that imported it), and its memory.</summary>
public readonly struct Caller
{
    internal Caller(Instance instance) => Instance = instance;

    public Instance Instance { get; }

    /// <summary>The instance's memory 0, or null when it has none.</summary>
    public Memory? Memory => Instance.Memory;
}
