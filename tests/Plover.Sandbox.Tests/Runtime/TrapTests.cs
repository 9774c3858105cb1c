using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>Every trap is one exception type with its code and the function it happened in.</summary>
public class TrapTests
{
    private const string Traps = """
        (module
          (type $unary (func (param i32) (result i32)))
          (type $nullary (func))
          (memory 1)
          (table 3 funcref)
          (elem (i32.const 0) $id $nothing)
          (func $id (param i32) (result i32) local.get 0)
          (func $nothing)
          (func (export "unreachable") unreachable)
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "call") (param i32) (result i32) (call_indirect (type $unary) (i32.const 5) (local.get 0)))
          (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "rem_u64") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
          (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
          (func (export "trunc_sat") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0)))
          (func (export "table_get") (param i32) (result funcref) (table.get 0 (local.get 0))))
        """;

    private static readonly Lazy<Instance> Instance = new(() => Wat.Instantiate(Traps));

    private static WasmTrap Trap(string export, params WasmValue[] arguments) =>
        Assert.Throws<WasmTrap>(() => Instance.Value.GetFunction(export).Invoke(arguments));

    [Fact]
    public void Unreachable()
    {
        WasmTrap trap = Trap("unreachable");
        Assert.Equal(TrapCode.Unreachable, trap.Code);
        Assert.Equal(2, trap.FunctionIndex);
        Assert.Contains("function 2", trap.Message);
    }

    [Fact]
    public void MemoryOutOfBounds() => Assert.Equal(TrapCode.MemoryOutOfBounds, Trap("load", WasmValue.I32(65536)).Code);

    [Fact]
    public void IndirectCallErrors()
    {
        Assert.Equal(TrapCode.TableOutOfBounds, Trap("call", WasmValue.I32(3)).Code);
        Assert.Equal(TrapCode.NullReference, Trap("call", WasmValue.I32(2)).Code);
        Assert.Equal(TrapCode.IndirectCallTypeMismatch, Trap("call", WasmValue.I32(1)).Code);
        Assert.Equal(5, Instance.Value.GetFunction("call").Invoke(WasmValue.I32(0))[0].AsI32());
    }

    [Fact]
    public void IntegerArithmetic()
    {
        Assert.Equal(TrapCode.IntegerDivideByZero, Trap("div_s", WasmValue.I32(1), WasmValue.I32(0)).Code);
        Assert.Equal(TrapCode.IntegerOverflow, Trap("div_s", WasmValue.I32(int.MinValue), WasmValue.I32(-1)).Code);
        Assert.Equal(TrapCode.IntegerDivideByZero, Trap("rem_u64", WasmValue.I64(1), WasmValue.I64(0)).Code);
    }

    [Fact]
    public void FloatToIntegerConversions()
    {
        Assert.Equal(TrapCode.InvalidConversion, Trap("trunc", WasmValue.F64(double.NaN)).Code);
        Assert.Equal(TrapCode.IntegerOverflow, Trap("trunc", WasmValue.F64(2147483648.0)).Code);
        Assert.Equal(-2147483648, Instance.Value.GetFunction("trunc").Invoke(WasmValue.F64(-2147483648.9))[0].AsI32());
        Assert.Equal(int.MaxValue, Instance.Value.GetFunction("trunc_sat").Invoke(WasmValue.F64(1e10))[0].AsI32());
        Assert.Equal(0, Instance.Value.GetFunction("trunc_sat").Invoke(WasmValue.F64(double.NaN))[0].AsI32());
    }

    [Fact]
    public void TableOutOfBounds() => Assert.Equal(TrapCode.TableOutOfBounds, Trap("table_get", WasmValue.I32(3)).Code);

    [Fact]
    public void TrapsInTheStartFunctionAbortInstantiation()
    {
        WasmTrap trap = Assert.Throws<WasmTrap>(() => Wat.Instantiate("(module (func $start unreachable) (start $start))"));
        Assert.Equal(TrapCode.Unreachable, trap.Code);
    }

    [Fact]
    public void SegmentsOutOfBoundsTrapAtInstantiation()
    {
        Assert.Equal(TrapCode.MemoryOutOfBounds,
            Assert.Throws<WasmTrap>(() => Wat.Instantiate("(module (memory 1) (data (i32.const 65535) \"ab\"))")).Code);
        Assert.Equal(TrapCode.TableOutOfBounds,
            Assert.Throws<WasmTrap>(() => Wat.Instantiate("(module (table 1 funcref) (func $f) (elem (i32.const 1) $f))")).Code);
    }
}
