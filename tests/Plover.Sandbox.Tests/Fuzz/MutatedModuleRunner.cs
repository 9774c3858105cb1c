namespace Plover.Sandbox.Tests.Fuzz;

/// <summary>What became of one damaged module.</summary>
internal enum MutationOutcome
{
    /// <summary>Refused by the decoder or validator (<see cref="WasmModuleException"/>).</summary>
    Refused,
    /// <summary>Compiled, then failed to link or to instantiate within its limits, cleanly.</summary>
    NotInstantiated,
    /// <summary>Compiled, instantiated, and every export ran to a result or a <see cref="WasmTrap"/>.</summary>
    Ran,
}

/// <summary>
/// Feeds a damaged module to the decoder, validator and compiler, then (when it compiles) JITs it,
/// links every import to a stand-in of its type and calls every export with default arguments,
/// metered. Only the sandbox's own exceptions are expected; anything else escapes to the test.
/// </summary>
internal static class MutatedModuleRunner
{
    private const long FuelPerCall = 20_000;
    private const uint ImportedMemoryPagesMax = 16;
    private const uint ImportedTableElementsMax = 1_000;

    public static MutationOutcome Run(byte[] bytes)
    {
        Module module;
        try
        {
            module = Module.Compile(bytes);
        }
        catch (WasmModuleException)
        {
            return MutationOutcome.Refused;
        }
        module.PrepareAll();
        Instance instance;
        try
        {
            instance = StandIns(module).Instantiate(module, new InstanceOptions { Fuel = FuelPerCall, MemoryPagesLimit = 256 });
        }
        catch (Exception e) when (e is WasmLinkException or WasmTrap or WasmLimitException)
        {
            return MutationOutcome.NotInstantiated;
        }
        foreach (var (_, value) in instance.Exports)
        {
            if (value is not Function function) continue;
            instance.Fuel = FuelPerCall;
            try
            {
                function.Invoke(function.Type.Parameters.Select(WasmValue.Default).ToArray());
            }
            catch (WasmTrap)
            {
            }
        }
        return MutationOutcome.Ran;
    }

    private static Linker StandIns(Module module)
    {
        var linker = new Linker();
        foreach (Import import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    linker.DefineFunction(import.ModuleName, import.FieldName, module.Definition.Types[(int)import.TypeIndex], (_, _, _) => { });
                    break;
                case ExternalKind.Memory:
                    linker.Define(import.ModuleName, import.FieldName, new Memory(import.Memory, limitPages: ImportedMemoryPagesMax));
                    break;
                case ExternalKind.Table:
                    linker.Define(import.ModuleName, import.FieldName, new Table(import.Table, limitElements: ImportedTableElementsMax));
                    break;
                case ExternalKind.Global:
                    linker.Define(import.ModuleName, import.FieldName, new Global(import.Global, WasmValue.Default(import.Global.ValueKind)));
                    break;
            }
        }
        return linker;
    }
}
