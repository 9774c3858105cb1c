namespace Plover.Sandbox.Spec;

/// <summary>
/// The <c>spectest</c> module every spec script may import: print functions that do nothing,
/// globals of value 666, a funcref table of 10..20 elements and a memory of 1..2 pages.
/// </summary>
public static class SpecHostModule
{
    public const string Name = "spectest";

    public static void Define(Linker linker)
    {
        DefinePrint(linker, "print");
        DefinePrint(linker, "print_i32", ValueKind.I32);
        DefinePrint(linker, "print_i64", ValueKind.I64);
        DefinePrint(linker, "print_f32", ValueKind.F32);
        DefinePrint(linker, "print_f64", ValueKind.F64);
        DefinePrint(linker, "print_i32_f32", ValueKind.I32, ValueKind.F32);
        DefinePrint(linker, "print_f64_f64", ValueKind.F64, ValueKind.F64);
        linker.Define(Name, "global_i32", new Global(new GlobalType(ValueKind.I32, false), WasmValue.I32(666)));
        linker.Define(Name, "global_i64", new Global(new GlobalType(ValueKind.I64, false), WasmValue.I64(666)));
        linker.Define(Name, "global_f32", new Global(new GlobalType(ValueKind.F32, false), WasmValue.F32(666.6f)));
        linker.Define(Name, "global_f64", new Global(new GlobalType(ValueKind.F64, false), WasmValue.F64(666.6)));
        linker.Define(Name, "table", new Table(new TableType(ValueKind.FuncRef, new Limits(10, 20))));
        linker.Define(Name, "memory", new Memory(new MemoryType(new Limits(1, 2))));
    }

    private static void DefinePrint(Linker linker, string name, params ValueKind[] parameters) =>
        linker.DefineFunction(Name, name, new FuncType(parameters, []), static (_, _, _) => { });
}
