namespace Plover.Sandbox;

/// <summary>
/// A defined function's code: its declared locals (after the parameters) and the byte range of its
/// instructions in the module binary, the final <c>end</c> included.
/// </summary>
public sealed record FunctionBody(ValueKind[] Locals, int CodeStart, int CodeEnd);
