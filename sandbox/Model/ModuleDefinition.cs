namespace Plover.Sandbox;

/// <summary>
/// A decoded (not yet validated) module: every section of the binary format, with function bodies,
/// constant expressions and data kept as byte ranges of <see cref="Bytes"/>.
/// </summary>
public sealed class ModuleDefinition
{
    public required byte[] Bytes { get; init; }
    public List<FuncType> Types { get; } = [];
    public List<Import> Imports { get; } = [];

    /// <summary>Type index of each defined (non-imported) function.</summary>
    public List<uint> FunctionTypeIndices { get; } = [];
    public List<TableType> Tables { get; } = [];
    public List<MemoryType> Memories { get; } = [];
    public List<(GlobalType Type, ConstantExpression Init)> Globals { get; } = [];
    public List<Export> Exports { get; } = [];
    public uint? StartFunction { get; set; }
    public List<ElementSegment> Elements { get; } = [];
    public uint? DataCount { get; set; }
    public List<FunctionBody> Bodies { get; } = [];

    // Byte offsets of entries whose validation can fail, for error messages.
    public List<int> FunctionDeclarationOffsets { get; } = [];
    public List<int> TableOffsets { get; } = [];
    public List<int> MemoryOffsets { get; } = [];
    public int StartOffset { get; set; }
    public List<DataSegment> Data { get; } = [];

    /// <summary>Type index of every function in the function index space (imports first).</summary>
    public uint[] FunctionSpace { get; private set; } = [];
    public TableType[] TableSpace { get; private set; } = [];
    public MemoryType[] MemorySpace { get; private set; } = [];
    public GlobalType[] GlobalSpace { get; private set; } = [];

    /// <summary>
    /// Whether memory.init and data.drop may be decoded: the data count section is required when
    /// there are data segments (with none, a data index is merely unknown, i.e. invalid).
    /// </summary>
    public bool DataIndicesDecodable => DataCount.HasValue || Data.Count == 0;

    public int ImportedFunctionCount { get; private set; }
    public int ImportedGlobalCount { get; private set; }

    /// <summary>Builds the index spaces (imports first, then definitions); the decoder calls it at the end.</summary>
    internal void BuildIndexSpaces()
    {
        FunctionSpace = [.. Imports.Where(i => i.Kind == ExternalKind.Function).Select(i => i.TypeIndex), .. FunctionTypeIndices];
        TableSpace = [.. Imports.Where(i => i.Kind == ExternalKind.Table).Select(i => i.Table), .. Tables];
        MemorySpace = [.. Imports.Where(i => i.Kind == ExternalKind.Memory).Select(i => i.Memory), .. Memories];
        GlobalSpace = [.. Imports.Where(i => i.Kind == ExternalKind.Global).Select(i => i.Global), .. Globals.Select(g => g.Type)];
        ImportedFunctionCount = FunctionSpace.Length - FunctionTypeIndices.Count;
        ImportedGlobalCount = GlobalSpace.Length - Globals.Count;
    }

    /// <summary>The type of function <paramref name="functionIndex"/> (valid modules only).</summary>
    public FuncType FunctionType(int functionIndex) => Types[(int)FunctionSpace[functionIndex]];
}
