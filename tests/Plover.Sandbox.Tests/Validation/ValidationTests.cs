using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Validation;

public class ValidationTests
{
    private static WasmModuleException Refused(string wat) => Assert.Throws<WasmModuleException>(() => Module.Compile(Wat.ToWasm(wat)));

    [Fact]
    public void TypeMismatchIsInvalidAtTheInstruction()
    {
        byte[] bytes = Wat.ToWasm("(module (func (result i32) i64.const 1))");
        var e = Assert.Throws<WasmModuleException>(() => Module.Compile(bytes));
        Assert.Equal(ModuleErrorKind.Invalid, e.Kind);
        Assert.Contains("type mismatch", e.Reason);
        // The error points into the code section, at the function's end (where the i64 is found to be wrong).
        Assert.Equal(0x0B, bytes[e.Offset]);
    }

    [Fact]
    public void UnknownLocalIsInvalid() => Assert.Contains("unknown local", Refused("(module (func local.get 3 drop))").Reason);

    [Fact]
    public void ImmutableGlobalCannotBeSet() =>
        Assert.Contains("global is immutable", Refused("(module (global i32 (i32.const 0)) (func i32.const 1 global.set 0))").Reason);

    [Fact]
    public void CodeAfterUnreachableIsTypedPolymorphically()
    {
        // Valid: after unreachable the stack is polymorphic, so i32.add has its operands.
        Wat.Compile("(module (func (result i32) unreachable i32.add))");
        // Invalid even there: the operands that are present must have the right types.
        Assert.Contains("type mismatch", Refused("(module (func (result i32) unreachable f32.const 1 i32.add))").Reason);
    }

    [Fact]
    public void MalformedBodyWinsOverAnEarlierInvalidOne()
    {
        // Function 0 is invalid (i64 where i32 is due); function 1 has an illegal opcode (0xFF).
        byte[] types = [0x01, 0x60, 0x00, 0x01, 0x7F];
        byte[] functions = [0x02, 0x00, 0x00];
        byte[] invalid = [0x00, 0x42, 0x01, 0x0B];
        byte[] malformed = [0x00, 0xFF, 0x0B];
        byte[] code = [0x02, (byte)invalid.Length, .. invalid, (byte)malformed.Length, .. malformed];
        var e = Assert.Throws<WasmModuleException>(() => Module.Compile(Bytes.Module((1, types), (3, functions), (10, code))));
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
        Assert.Contains("illegal opcode", e.Reason);
    }

    [Fact]
    public void ModuleLevelErrorsPointAtTheirEntry()
    {
        byte[] bytes = Wat.ToWasm("""(module (func) (export "first" (func 0)) (export "first" (func 0)))""");
        var e = Assert.Throws<WasmModuleException>(() => Module.Compile(bytes));
        Assert.Contains("duplicate export name", e.Reason);
        // The second export entry: its name ("first", length-prefixed), then kind and index.
        Assert.Equal("\u0005first", System.Text.Encoding.ASCII.GetString(bytes, (int)e.Offset, 6));
        int firstExport = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("first", StringComparison.Ordinal) - 1;
        Assert.True(e.Offset > firstExport);

        bytes = Wat.ToWasm("(module (memory 2 1))");
        e = Assert.Throws<WasmModuleException>(() => Module.Compile(bytes));
        Assert.Contains("minimum must not be greater than maximum", e.Reason);
        Assert.Equal(new byte[] { 0x01, 0x02, 0x01 }, bytes[(int)e.Offset..((int)e.Offset + 3)]);
    }

    [Fact]
    public void MultipleMemoriesAreInvalid() => Assert.Contains("multiple memories", Refused("(module (memory 1) (memory 1))").Reason);
}
