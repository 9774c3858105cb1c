namespace Plover.Sandbox.Compilation;

/// <summary>
/// A module compiled to CIL: the generated type and the entry points instances bind to. Shared by
/// every instance of the module (instances differ only in their context).
/// </summary>
internal sealed class CompiledCode(Type[] generatedTypes, nint[] functionPointers, nint[] hostTrampolinePointers, bool metered)
{
    /// <summary>The generated classes; holding them keeps the collectible assembly alive as long as the code may run.</summary>
    public Type[] GeneratedTypes { get; } = generatedTypes;

    /// <summary>Entry point of each defined function, by function index (null for imports).</summary>
    public nint[] FunctionPointers { get; } = functionPointers;

    /// <summary>Entry point that runs imported function k as a host function, by function index (imports only).</summary>
    public nint[] HostTrampolinePointers { get; } = hostTrampolinePointers;

    public bool Metered { get; } = metered;

    /// <summary>Name prefix of the method compiled from each defined function; followed by its index.</summary>
    public const string FunctionMethodPrefix = "wasm_function_";
}
