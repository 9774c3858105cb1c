namespace Plover.Sandbox;

/// <summary>How a data or element segment is used.</summary>
public enum SegmentMode : byte
{
    /// <summary>Copied into a memory or table at instantiation, then dropped.</summary>
    Active,
    /// <summary>Kept for <c>memory.init</c> / <c>table.init</c> until dropped.</summary>
    Passive,
    /// <summary>Element segments only: declares function references, dropped at instantiation.</summary>
    Declarative,
}

/// <summary>A data segment: bytes at [<see cref="DataStart"/>, <see cref="DataStart"/> + <see cref="Length"/>) of the module binary.</summary>
public sealed record DataSegment(SegmentMode Mode, uint MemoryIndex, ConstantExpression Offset, int DataStart, int Length);

/// <summary>
/// An element segment. Items are either plain function indices (the compact encodings) or
/// constant expressions of the element type.
/// </summary>
public sealed record ElementSegment(SegmentMode Mode, ValueKind ElementType, uint TableIndex, ConstantExpression Offset)
{
    /// <summary>Function indices, when the segment uses the function-index encoding; otherwise null.</summary>
    public uint[]? FunctionIndices { get; init; }

    /// <summary>Item expressions, when the segment uses the expression encoding; otherwise null.</summary>
    public ConstantExpression[]? Expressions { get; init; }

    public int Count => FunctionIndices?.Length ?? Expressions!.Length;

    /// <summary>Byte offset of the segment in the module binary (for error messages).</summary>
    public int Position { get; init; }
}
