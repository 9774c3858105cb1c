namespace Plover.Sandbox.Validation;

/// <summary>What validation learned about a function body that the compiler needs up front.</summary>
/// <param name="AccessSizes">Bit mask of the byte widths (1, 2, 4, 8, 16) of the loads and stores in the body.</param>
/// <param name="UsesSimd">Whether the body holds a SIMD instruction (v128 operands may then be on its stack).</param>
internal sealed record FunctionFacts(
    bool UsesMemory,
    int AccessSizes,
    bool HasCalls,
    int MaxOperandHeight,
    int MaxControlDepth,
    int[] GlobalsUsed,
    bool UsesSimd);
