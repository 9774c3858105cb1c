namespace Plover.Sandbox;

/// <summary>
/// A constant expression (global initialiser, segment offset, element item) kept as the byte range
/// of its instructions, including the final <c>end</c>; validated and evaluated later.
/// </summary>
public readonly record struct ConstantExpression(int Start, int End);
