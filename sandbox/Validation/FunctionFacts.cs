namespace Plover.Sandbox.Validation;

/// <summary>What validation learned about a function body that the compiler needs up front.</summary>
internal sealed record FunctionFacts(
    bool UsesMemory,
    bool HasCalls,
    int MaxOperandHeight,
    int MaxControlDepth,
    int[] GlobalsUsed);
