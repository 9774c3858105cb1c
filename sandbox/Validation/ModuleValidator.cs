using Plover.Sandbox.Decoding;

namespace Plover.Sandbox.Validation;

/// <summary>
/// Validates a decoded module as the spec defines it: index spaces, limits, constant expressions,
/// segments, exports, the start function and every function body. When a module is both invalid
/// and malformed (a later body does not decode), it is reported as malformed, since the spec
/// decodes the whole module before validating.
/// </summary>
internal static class ModuleValidator
{
    /// <summary>The largest memory in 64 KiB pages (4 GiB).</summary>
    public const uint MemoryPagesMax = 65536;

    public static FunctionFacts[] Validate(ModuleDefinition module)
    {
        try
        {
            return ValidateAll(module);
        }
        catch (WasmModuleException e) when (e.Kind == ModuleErrorKind.Invalid)
        {
            MalformedBodyScan.ThrowIfAnyMalformed(module);
            throw;
        }
    }

    private static FunctionFacts[] ValidateAll(ModuleDefinition module)
    {
        ValidateTypesAndImports(module);
        ValidateTablesAndMemories(module);
        HashSet<uint> references = DeclaredReferences(module);
        ValidateGlobals(module, references);
        ValidateElements(module, references);
        ValidateData(module, references);
        ValidateStart(module);
        ValidateExports(module);
        return ValidateBodies(module, references);
    }

    private static void ValidateTypesAndImports(ModuleDefinition module)
    {
        foreach (Import import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    if (import.TypeIndex >= module.Types.Count) throw WasmModuleException.Invalid(import.Offset, $"unknown type {import.TypeIndex}");
                    break;
                case ExternalKind.Table:
                    ValidateLimits(import.Table.Limits, uint.MaxValue, "table", import.Offset);
                    break;
                case ExternalKind.Memory:
                    ValidateLimits(import.Memory.Limits, MemoryPagesMax, "memory", import.Offset);
                    break;
            }
        }
        for (int i = 0; i < module.FunctionTypeIndices.Count; i++)
        {
            uint typeIndex = module.FunctionTypeIndices[i];
            if (typeIndex >= module.Types.Count) throw WasmModuleException.Invalid(module.FunctionDeclarationOffsets[i], $"unknown type {typeIndex}");
        }
    }

    private static void ValidateTablesAndMemories(ModuleDefinition module)
    {
        for (int i = 0; i < module.Tables.Count; i++) ValidateLimits(module.Tables[i].Limits, uint.MaxValue, "table", module.TableOffsets[i]);
        for (int i = 0; i < module.Memories.Count; i++) ValidateLimits(module.Memories[i].Limits, MemoryPagesMax, "memory", module.MemoryOffsets[i]);
        if (module.MemorySpace.Length > 1)
            throw WasmModuleException.Invalid(module.MemoryOffsets.Count > 0 ? module.MemoryOffsets[^1] : module.Imports.Last(i => i.Kind == ExternalKind.Memory).Offset, "multiple memories");
    }

    private static void ValidateLimits(Limits limits, uint bound, string what, int offset)
    {
        if (limits.Minimum > bound || limits.Maximum > bound)
            throw WasmModuleException.Invalid(offset, what == "memory" ? "memory size must be at most 65536 pages (4GiB)" : $"{what} size out of range");
        if (limits.Maximum is uint max && limits.Minimum > max)
            throw WasmModuleException.Invalid(offset, "size minimum must not be greater than maximum");
    }

    /// <summary>
    /// The functions a body may name with <c>ref.func</c>: those referenced outside function bodies
    /// (global initialisers, element segments, exports).
    /// </summary>
    private static HashSet<uint> DeclaredReferences(ModuleDefinition module)
    {
        var references = new HashSet<uint>();
        foreach (var (_, init) in module.Globals) ConstantExpressionValidator.CollectReferences(module, init, references);
        foreach (ElementSegment segment in module.Elements)
        {
            if (segment.FunctionIndices is uint[] indices) references.UnionWith(indices);
            else foreach (ConstantExpression item in segment.Expressions!) ConstantExpressionValidator.CollectReferences(module, item, references);
        }
        foreach (Export export in module.Exports)
        {
            if (export.Kind == ExternalKind.Function) references.Add(export.Index);
        }
        return references;
    }

    // Constant expressions see only imported globals (the 2.0 test suite's reading of the spec).

    private static void ValidateGlobals(ModuleDefinition module, HashSet<uint> references)
    {
        foreach (var (type, init) in module.Globals)
            ConstantExpressionValidator.Validate(module, init, type.ValueKind, module.ImportedGlobalCount, references);
    }

    private static void ValidateElements(ModuleDefinition module, HashSet<uint> references)
    {
        foreach (ElementSegment segment in module.Elements)
        {
            if (segment.Mode == SegmentMode.Active)
            {
                if (segment.TableIndex >= module.TableSpace.Length) throw WasmModuleException.Invalid(segment.Offset.Start, $"unknown table {segment.TableIndex}");
                if (module.TableSpace[segment.TableIndex].ElementType != segment.ElementType)
                    throw WasmModuleException.Invalid(segment.Offset.Start, "type mismatch (element segment and table types differ)");
                ConstantExpressionValidator.Validate(module, segment.Offset, ValueKind.I32, module.ImportedGlobalCount, references);
            }
            if (segment.FunctionIndices is uint[] indices)
            {
                foreach (uint index in indices)
                {
                    if (index >= module.FunctionSpace.Length) throw WasmModuleException.Invalid(segment.Position, $"unknown function {index}");
                }
            }
            else
            {
                foreach (ConstantExpression item in segment.Expressions!)
                    ConstantExpressionValidator.Validate(module, item, segment.ElementType, module.ImportedGlobalCount, references);
            }
        }
    }

    private static void ValidateData(ModuleDefinition module, HashSet<uint> references)
    {
        foreach (DataSegment segment in module.Data)
        {
            if (segment.Mode != SegmentMode.Active) continue;
            if (segment.MemoryIndex >= module.MemorySpace.Length) throw WasmModuleException.Invalid(segment.Offset.Start, $"unknown memory {segment.MemoryIndex}");
            ConstantExpressionValidator.Validate(module, segment.Offset, ValueKind.I32, module.ImportedGlobalCount, references);
        }
    }

    private static void ValidateStart(ModuleDefinition module)
    {
        if (module.StartFunction is not uint start) return;
        if (start >= module.FunctionSpace.Length) throw WasmModuleException.Invalid(module.StartOffset, $"unknown function {start}");
        FuncType type = module.FunctionType((int)start);
        if (type.Parameters.Length != 0 || type.Results.Length != 0) throw WasmModuleException.Invalid(module.StartOffset, "start function must have type [] -> []");
    }

    private static void ValidateExports(ModuleDefinition module)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Export export in module.Exports)
        {
            if (!names.Add(export.Name)) throw WasmModuleException.Invalid(export.Offset, $"duplicate export name \"{export.Name}\"");
            int count = export.Kind switch
            {
                ExternalKind.Function => module.FunctionSpace.Length,
                ExternalKind.Table => module.TableSpace.Length,
                ExternalKind.Memory => module.MemorySpace.Length,
                _ => module.GlobalSpace.Length,
            };
            if (export.Index >= count) throw WasmModuleException.Invalid(export.Offset, $"unknown {export.Kind.ToString().ToLowerInvariant()} {export.Index}");
        }
    }

    private static FunctionFacts[] ValidateBodies(ModuleDefinition module, HashSet<uint> references)
    {
        var facts = new FunctionFacts[module.Bodies.Count];
        var validator = new FunctionValidator(module, references);
        for (int i = 0; i < module.Bodies.Count; i++)
            facts[i] = validator.Validate(module.ImportedFunctionCount + i, module.Bodies[i]);
        return facts;
    }
}
