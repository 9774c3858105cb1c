namespace Plover.Sandbox;

/// <summary>
/// One import of a module. Exactly one of the type fields is meaningful, chosen by <see cref="Kind"/>.
/// </summary>
public sealed record Import(string ModuleName, string FieldName, ExternalKind Kind)
{
    /// <summary>Byte offset of the import entry in the module binary (for error messages).</summary>
    public int Offset { get; init; }

    /// <summary>For a function import: its type index in the module's type section.</summary>
    public uint TypeIndex { get; init; }
    public TableType Table { get; init; }
    public MemoryType Memory { get; init; }
    public GlobalType Global { get; init; }
}

/// <summary>One export of a module: a name and the index of the exported entity in its space.</summary>
public sealed record Export(string Name, ExternalKind Kind, uint Index)
{
    /// <summary>Byte offset of the export entry in the module binary (for error messages).</summary>
    public int Offset { get; init; }
}
