using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Simd;

/// <summary>
/// v128 lives wherever values live: parameters and results (from the host too), locals, globals
/// (imported and exported), blocks with v128 parameters and results, multi-value calls, select,
/// and host functions.
/// </summary>
public class V128ValueTests
{
    private static readonly WasmValue A = WasmValue.V128(0x0706050403020100, 0x0F0E0D0C0B0A0908);
    private static readonly WasmValue B = WasmValue.V128(0xFFFFFFFF00000001, 0x8000000000000000);

    [Fact]
    public void ValuesCrossCallsBlocksSelectAndMultiValue()
    {
        Instance instance = Wat.Instantiate("""
            (module
              (func $swap (param v128 v128) (result v128 v128) local.get 1 local.get 0)
              (func (export "swap") (param v128 v128) (result v128 v128) local.get 0 local.get 1 call $swap)
              (func (export "pick") (param v128 v128 i32) (result v128) local.get 0 local.get 1 local.get 2 select)
              (func (export "pick_typed") (param v128 v128 i32) (result v128) local.get 0 local.get 1 local.get 2 select (result v128))
              (func (export "through_block") (param v128) (result v128)
                (local v128)
                local.get 0
                (block (param v128) (result v128) local.set 1 local.get 1 br 0)
                (loop (param v128) (result v128 i32) i32.const 7)
                drop))
            """);
        WasmValue[] swapped = instance.GetFunction("swap").Invoke(A, B);
        Assert.Equal([B, A], swapped);
        Assert.Equal(A, instance.GetFunction("pick").Invoke(A, B, WasmValue.I32(1))[0]);
        Assert.Equal(B, instance.GetFunction("pick").Invoke(A, B, WasmValue.I32(0))[0]);
        Assert.Equal(B, instance.GetFunction("pick_typed").Invoke(A, B, WasmValue.I32(0))[0]);
        Assert.Equal(A, instance.GetFunction("through_block").Invoke(A)[0]);
    }

    [Fact]
    public void GlobalsHoldAll128Bits()
    {
        Instance instance = Wat.Instantiate("""
            (module
              (global $g (export "g") (mut v128) (v128.const i64x2 0x0706050403020100 0x0F0E0D0C0B0A0908))
              (global (export "c") v128 (v128.const i32x4 1 2 3 4))
              (func (export "get") (result v128) global.get $g)
              (func (export "set") (param v128) local.get 0 global.set $g))
            """);
        Assert.Equal(A, instance.GetFunction("get").Invoke()[0]);
        instance.GetFunction("set").Invoke(B);
        Assert.Equal(B, instance.GetGlobal("g").Value);
        instance.GetGlobal("g").Value = A;
        Assert.Equal(A, instance.GetFunction("get").Invoke()[0]);
        Assert.Equal(WasmValue.V128(0x0000000200000001, 0x0000000400000003), instance.GetGlobal("c").Value);
        Assert.Throws<InvalidOperationException>(() => instance.GetGlobal("g").RawBits);

        Instance importer = new Linker().DefineInstance("m", instance).Instantiate(Wat.Compile("""
            (module
              (import "m" "c" (global $c v128))
              (global (export "copy") v128 (global.get $c))
              (func (export "get") (result v128) global.get $c))
            """));
        Assert.Equal(instance.GetGlobal("c").Value, importer.GetFunction("get").Invoke()[0]);
        Assert.Equal(instance.GetGlobal("c").Value, importer.GetGlobal("copy").Value);
    }

    [Fact]
    public void HostFunctionsTakeAndReturnV128()
    {
        var linker = new Linker().DefineFunction("host", "xor", new FuncType([ValueKind.V128, ValueKind.V128], [ValueKind.V128, ValueKind.I32]),
            (caller, args, results) =>
            {
                results[0] = WasmValue.V128(args[0].Bits ^ args[1].Bits, args[0].HighBits ^ args[1].HighBits);
                results[1] = WasmValue.I32(5);
            });
        Instance instance = Wat.Instantiate("""
            (module
              (import "host" "xor" (func $xor (param v128 v128) (result v128 i32)))
              (func (export "call") (param v128 v128) (result v128) local.get 0 local.get 1 call $xor drop))
            """, linker);
        Assert.Equal(WasmValue.V128(A.Bits ^ B.Bits, A.HighBits ^ B.HighBits), instance.GetFunction("call").Invoke(A, B)[0]);
    }

    [Fact]
    public void AnArgumentOfTheWrongTypeIsRefusedByTheInvoker()
    {
        Instance instance = Wat.Instantiate("(module (func (export \"id\") (param v128) (result v128) local.get 0))");
        Assert.Throws<ArgumentException>(() => instance.GetFunction("id").Invoke(WasmValue.I64(1)));
    }
}
