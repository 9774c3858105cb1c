namespace Plover.Sandbox;

/// <summary>The size limits of a memory (in 64 KiB pages) or a table (in elements).</summary>
public readonly record struct Limits(uint Minimum, uint? Maximum)
{
    /// <summary>
    /// Import matching: an actual entity with these limits may stand where <paramref name="required"/>
    /// is declared (at least as large, and no larger maximum than the required one allows).
    /// </summary>
    public bool Matches(Limits required) =>
        Minimum >= required.Minimum &&
        (required.Maximum is not uint max || (Maximum is uint actualMax && actualMax <= max));

    public override string ToString() => Maximum is uint max ? $"{{min {Minimum}, max {max}}}" : $"{{min {Minimum}}}";
}

/// <summary>A memory's type: its limits in 64 KiB pages.</summary>
public readonly record struct MemoryType(Limits Limits)
{
    public override string ToString() => $"memory {Limits}";
}

/// <summary>A table's type: its element type and its limits in elements.</summary>
public readonly record struct TableType(ValueKind ElementType, Limits Limits)
{
    public override string ToString() => $"table {ElementType.Name()} {Limits}";
}

/// <summary>A global's type: its value type and whether it is mutable.</summary>
public readonly record struct GlobalType(ValueKind ValueKind, bool Mutable)
{
    public override string ToString() => Mutable ? $"global (mut {ValueKind.Name()})" : $"global {ValueKind.Name()}";
}
