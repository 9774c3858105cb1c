namespace Plover.Sandbox;

/// <summary>
/// Resolves imports by (module name, field name): host functions defined from C#, and functions,
/// memories, tables and globals of other instances. Instantiates modules against those definitions.
/// </summary>
public sealed class Linker
{
    private readonly Dictionary<(string Module, string Name), object> definitions = [];

    public Linker DefineFunction(string module, string name, HostFunction function) => Add(module, name, function);

    public Linker DefineFunction(string module, string name, FuncType type, HostCallback callback) =>
        Add(module, name, new HostFunction(type, callback));

    public Linker Define(string module, string name, Function function) => Add(module, name, function);
    public Linker Define(string module, string name, Memory memory) => Add(module, name, memory);
    public Linker Define(string module, string name, Table table) => Add(module, name, table);
    public Linker Define(string module, string name, Global global) => Add(module, name, global);

    /// <summary>Defines every export of <paramref name="instance"/> under module name <paramref name="module"/>.</summary>
    public Linker DefineInstance(string module, Instance instance)
    {
        foreach (var (name, value) in instance.Exports) definitions[(module, name)] = value;
        return this;
    }

    /// <summary>
    /// Resolves the module's imports and creates an instance: globals, tables and memory are
    /// created, segments applied, the start function run. Throws <see cref="WasmLinkException"/>
    /// when an import cannot be satisfied and <see cref="WasmTrap"/> when initialisation traps.
    /// </summary>
    public Instance Instantiate(Module module, InstanceOptions? options = null)
    {
        var resolved = new object[module.Imports.Count];
        for (int i = 0; i < resolved.Length; i++) resolved[i] = Resolve(module.Definition, module.Imports[i]);
        return Instantiator.Instantiate(module, resolved, options ?? new InstanceOptions());
    }

    private Linker Add(string module, string name, object value)
    {
        definitions[(module, name)] = value;
        return this;
    }

    private object Resolve(ModuleDefinition module, Import import)
    {
        string expected = ImportMatching.Describe(module, import);
        if (!definitions.TryGetValue((import.ModuleName, import.FieldName), out object? value))
            throw new WasmLinkException(import.ModuleName, import.FieldName, expected, null);
        if (!ImportMatching.Matches(module, import, value))
            throw new WasmLinkException(import.ModuleName, import.FieldName, expected, ImportMatching.Describe(value));
        return value;
    }
}

/// <summary>Import subtyping: whether a definition may satisfy an import, and how both are described in errors.</summary>
internal static class ImportMatching
{
    public static bool Matches(ModuleDefinition module, Import import, object value) => (import.Kind, value) switch
    {
        (ExternalKind.Function, HostFunction host) => host.Type.Equals(module.Types[(int)import.TypeIndex]),
        (ExternalKind.Function, Function function) => function.Type.Equals(module.Types[(int)import.TypeIndex]),
        (ExternalKind.Table, Table table) => table.Type.ElementType == import.Table.ElementType
            && CurrentLimits(table).Matches(import.Table.Limits),
        (ExternalKind.Memory, Memory memory) => CurrentLimits(memory).Matches(import.Memory.Limits),
        (ExternalKind.Global, Global global) => global.Type == import.Global,
        _ => false,
    };

    public static string Describe(ModuleDefinition module, Import import) => import.Kind switch
    {
        ExternalKind.Function => $"function {module.Types[(int)import.TypeIndex]}",
        ExternalKind.Table => import.Table.ToString(),
        ExternalKind.Memory => import.Memory.ToString(),
        _ => import.Global.ToString(),
    };

    public static string Describe(object value) => value switch
    {
        HostFunction host => $"function {host.Type}",
        Function function => $"function {function.Type}",
        Table table => new TableType(table.Type.ElementType, CurrentLimits(table)).ToString(),
        Memory memory => new MemoryType(CurrentLimits(memory)).ToString(),
        Global global => global.Type.ToString(),
        _ => value.GetType().Name,
    };

    private static Limits CurrentLimits(Table table) => new((uint)table.Size, table.Type.Limits.Maximum);
    private static Limits CurrentLimits(Memory memory) => new(memory.Pages, memory.Type.Limits.Maximum);
}
