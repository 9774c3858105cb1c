using System.Reflection.Emit;

namespace Plover.Sandbox.Compilation;

/// <summary>What every function compiler of one module shares: the module, the method of each function index, signatures.</summary>
internal sealed class ModuleCodegen
{
    private readonly Dictionary<int, CompiledSignature> signaturesByType = [];

    public ModuleCodegen(ModuleDefinition module, bool metered)
    {
        Module = module;
        Metered = metered;
        Signatures = new CompiledSignature[module.FunctionSpace.Length];
        for (int i = 0; i < Signatures.Length; i++) Signatures[i] = SignatureOf(module.FunctionType(i));
        Methods = new MethodBuilder[Signatures.Length];
    }

    public ModuleDefinition Module { get; }
    public bool Metered { get; }
    public CompiledSignature[] Signatures { get; }

    /// <summary>For an import: its call stub; for a defined function: its body.</summary>
    public MethodBuilder[] Methods { get; }

    public CompiledSignature SignatureOf(FuncType type)
    {
        if (!signaturesByType.TryGetValue(type.CanonicalId, out CompiledSignature? signature))
            signaturesByType[type.CanonicalId] = signature = new CompiledSignature(type);
        return signature;
    }
}
