using Plover.Sandbox.Wasi;

namespace Plover.Sandbox.Guest;

/// <summary>
/// The one rule for what a guest may import: functions of <c>wasi_snapshot_preview1</c> that the
/// library OS provides, with their preview1 types. Used when a machine binds a module and by
/// <c>plover prepare</c>, so both refuse the same imports with the same words.
/// </summary>
public static class GuestImports
{
    /// <summary>The library OS function an import names; a <see cref="WasiLinkException"/> naming the import otherwise.</summary>
    public static WasiFunction Resolve(Module module, Import import)
    {
        if (import.Kind != ExternalKind.Function)
            throw new WasiLinkException(import.ModuleName, import.FieldName,
                $"the guest imports {import.ModuleName}.{import.FieldName} as a {KindName(import.Kind)}, but Plover provides only {WasiFunctionTable.ModuleName} functions");
        FuncType type = module.Definition.Types[(int)import.TypeIndex];
        if (TryWasiTypes(type.Parameters, out WasiValueType[] parameters) && TryWasiTypes(type.Results, out WasiValueType[] results))
            return WasiFunctionTable.Resolve(import.ModuleName, import.FieldName, parameters, results);
        // Float or reference types, which no preview1 function has: a function the library OS knows
        // is reported as mistyped; anything else as unknown, in WasiFunctionTable's words.
        if (import.ModuleName == WasiFunctionTable.ModuleName && WasiFunctionTable.TryGet(import.FieldName, out WasiFunction known))
            throw new WasiLinkException(import.ModuleName, import.FieldName,
                $"the guest imports {import.ModuleName}.{import.FieldName} as {type}, but its type is {known.TypeText}");
        WasiFunctionTable.Resolve(import.ModuleName, import.FieldName, [], []);
        throw new GuestInvariantException($"{import.ModuleName}.{import.FieldName} is neither a WASI function nor refused as unknown");
    }

    /// <summary>Every import the library OS cannot provide, each with the reason, in import order.</summary>
    public static IReadOnlyList<WasiLinkException> FindUnsupported(Module module)
    {
        var problems = new List<WasiLinkException>();
        foreach (Import import in module.Imports)
        {
            try
            {
                Resolve(module, import);
            }
            catch (WasiLinkException e)
            {
                problems.Add(e);
            }
        }
        return problems;
    }

    private static bool TryWasiTypes(ValueKind[] kinds, out WasiValueType[] types)
    {
        types = new WasiValueType[kinds.Length];
        for (int i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] == ValueKind.I32) types[i] = WasiValueType.I32;
            else if (kinds[i] == ValueKind.I64) types[i] = WasiValueType.I64;
            else return false;
        }
        return true;
    }

    private static string KindName(ExternalKind kind) => kind switch
    {
        ExternalKind.Table => "table",
        ExternalKind.Memory => "memory",
        ExternalKind.Global => "global",
        _ => "function",
    };
}
