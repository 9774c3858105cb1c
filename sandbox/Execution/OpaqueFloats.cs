using System.Runtime.CompilerServices;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Float constants the JIT cannot see through. RyuJIT folds <c>x * 1.0</c>, <c>x / 1.0</c>,
/// <c>x - 0.0</c>, <c>x * -1.0</c> and <c>demote(promote(x))</c> to <c>x</c> (or <c>-x</c>), and
/// keeps float constants as doubles, which quiets signalling NaNs. Both break wasm's rule that
/// arithmetic on a NaN yields a quiet NaN while constants keep their exact bits. Mutable statics
/// cost the same load as an ordinary constant; NaN constants (rare) go through a call.
/// </summary>
internal static class OpaqueFloats
{
    // Deliberately not readonly: a readonly static would be folded like a literal.
    public static float ZeroF32 = 0f;
    public static float NegativeZeroF32 = -0f;
    public static float OneF32 = 1f;
    public static float NegativeOneF32 = -1f;
    public static double ZeroF64 = 0d;
    public static double NegativeZeroF64 = -0d;
    public static double OneF64 = 1d;
    public static double NegativeOneF64 = -1d;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32FromBits(int bits) => BitConverter.Int32BitsToSingle(bits);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double F64FromBits(long bits) => BitConverter.Int64BitsToDouble(bits);

    /// <summary>The field holding an f32 constant the JIT would fold away, or null when a literal is safe.</summary>
    public static string? FieldForF32(int bits) => bits switch
    {
        0 => nameof(ZeroF32),
        unchecked((int)0x80000000) => nameof(NegativeZeroF32),
        0x3F800000 => nameof(OneF32),
        unchecked((int)0xBF800000) => nameof(NegativeOneF32),
        _ => null,
    };

    public static string? FieldForF64(long bits) => bits switch
    {
        0 => nameof(ZeroF64),
        unchecked((long)0x8000000000000000) => nameof(NegativeZeroF64),
        0x3FF0000000000000 => nameof(OneF64),
        unchecked((long)0xBFF0000000000000) => nameof(NegativeOneF64),
        _ => null,
    };
}
