using Plover.Sandbox.Compilation;
using Plover.Sandbox.Execution;

namespace Plover.Sandbox;

/// <summary>
/// Creates an instance from a compiled module and resolved imports, following the spec's order:
/// build the instance (functions, tables, memory, globals, segments), then apply element segments,
/// then data segments, then run the start function. A trap in the last three aborts instantiation;
/// writes already made to imported tables and memories stay, as the spec requires.
/// </summary>
internal static class Instantiator
{
    public static Instance Instantiate(Module module, object[] imports, InstanceOptions options)
    {
        if (options.Fuel is < 0) throw new ArgumentOutOfRangeException(nameof(options), options.Fuel, "fuel must not be negative");
        if (options.CallStackBytes <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.CallStackBytes, "the call-stack budget must be positive");
        ModuleDefinition definition = module.Definition;
        bool metered = options.Fuel is not null;
        CompiledCode code = module.CodeFor(metered);
        var context = new InstanceContext { CallStackBytes = options.CallStackBytes, Fuel = options.Fuel ?? 0 };
        var instance = new Instance(module, context, metered);
        context.Instance = instance;

        BindImportsAndFunctions(definition, code, imports, context);
        CreateTablesAndMemory(definition, options, context);
        CreateGlobals(definition, context);
        CreateSegments(definition, context);
        foreach (Export export in definition.Exports) instance.AddExport(export.Name, ExportedValue(export, context));

        ApplyElementSegments(definition, context);
        ApplyDataSegments(definition, context);
        if (definition.StartFunction is uint start) context.Functions[start].Invoke();
        return instance;
    }

    private static void BindImportsAndFunctions(ModuleDefinition definition, CompiledCode code, object[] imports, InstanceContext context)
    {
        var functions = new List<Function>();
        var hosts = new List<HostFunction?>();
        var tables = new List<Table>();
        var globals = new List<Global>();
        for (int i = 0; i < imports.Length; i++)
        {
            switch (imports[i])
            {
                case HostFunction host:
                    int index = functions.Count;
                    functions.Add(new Function(host.Type, code.HostTrampolinePointers[index], context, index, host));
                    hosts.Add(host);
                    break;
                case Function function:
                    functions.Add(function);
                    hosts.Add(null);
                    break;
                case Table table: tables.Add(table); break;
                case Memory memory: context.Memory = memory; break;
                case Global global: globals.Add(global); break;
            }
        }
        for (int i = functions.Count; i < definition.FunctionSpace.Length; i++)
            functions.Add(new Function(definition.FunctionType(i), code.FunctionPointers[i], context, i, null));
        context.Functions = [.. functions];
        context.HostFunctions = [.. hosts];
        context.Tables = [.. tables];
        context.Globals = [.. globals];
    }

    private static void CreateTablesAndMemory(ModuleDefinition definition, InstanceOptions options, InstanceContext context)
    {
        context.Tables = [.. context.Tables, .. definition.Tables.Select(t => new Table(t, options.TableElementsLimit))];
        if (definition.Memories.Count > 0) context.Memory = new Memory(definition.Memories[0], options.MemoryPagesLimit);
    }

    private static void CreateGlobals(ModuleDefinition definition, InstanceContext context)
    {
        var globals = new Global[definition.GlobalSpace.Length];
        context.Globals.CopyTo(globals, 0);
        int imported = context.Globals.Length;
        context.Globals = globals;
        for (int i = 0; i < definition.Globals.Count; i++)
        {
            var (type, init) = definition.Globals[i];
            var global = new Global(type);
            global.Initialize(ConstantEvaluator.Evaluate(definition, init, context));
            globals[imported + i] = global;
        }
    }

    private static void CreateSegments(ModuleDefinition definition, InstanceContext context)
    {
        context.DataSegments = definition.Data.Select(d => definition.Bytes.AsSpan(d.DataStart, d.Length).ToArray()).ToArray();
        context.ElementSegments = definition.Elements.Select(segment => segment.FunctionIndices is uint[] indices
            ? indices.Select(i => (object?)context.Functions[i]).ToArray()
            : segment.Expressions!.Select(e => ConstantEvaluator.Evaluate(definition, e, context).Reference).ToArray()).ToArray();
    }

    private static object ExportedValue(Export export, InstanceContext context) => export.Kind switch
    {
        ExternalKind.Function => context.Functions[export.Index],
        ExternalKind.Table => context.Tables[export.Index],
        ExternalKind.Memory => context.Memory!,
        _ => context.Globals[export.Index],
    };

    private static void ApplyElementSegments(ModuleDefinition definition, InstanceContext context)
    {
        for (int i = 0; i < definition.Elements.Count; i++)
        {
            ElementSegment segment = definition.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                int offset = ConstantEvaluator.Evaluate(definition, segment.Offset, context).AsI32();
                TableInstructions.Init(offset, 0, segment.Count, i, (int)segment.TableIndex, context);
            }
            if (segment.Mode != SegmentMode.Passive) TableInstructions.ElemDrop(i, context);
        }
    }

    private static void ApplyDataSegments(ModuleDefinition definition, InstanceContext context)
    {
        for (int i = 0; i < definition.Data.Count; i++)
        {
            DataSegment segment = definition.Data[i];
            if (segment.Mode != SegmentMode.Active) continue;
            int offset = ConstantEvaluator.Evaluate(definition, segment.Offset, context).AsI32();
            BulkMemory.Init(offset, 0, segment.Length, i, context);
            BulkMemory.DataDrop(i, context);
        }
    }
}
