using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>Tables can be captured from one instance and restored into another by function index.</summary>
public class TableTests
{
    private const string Dispatch = """
        (module
          (type $op (func (param i32) (result i32)))
          (table (export "table") 4 funcref)
          (global $calls (mut i32) (i32.const 0))
          (elem (i32.const 0) $double $square)
          (elem declare func $negate)
          (func $double (param i32) (result i32) (global.set $calls (i32.add (global.get $calls) (i32.const 1))) (i32.mul (local.get 0) (i32.const 2)))
          (func $square (param i32) (result i32) (global.set $calls (i32.add (global.get $calls) (i32.const 1))) (i32.mul (local.get 0) (local.get 0)))
          (func $negate (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
          (func (export "install_negate") (param i32) (table.set 0 (local.get 0) (ref.func $negate)))
          (func (export "calls") (result i32) global.get $calls)
          (func (export "apply") (param i32 i32) (result i32) (call_indirect (type $op) (local.get 1) (local.get 0))))
        """;

    [Fact]
    public void ElementsAreFunctionsWithTheirInstanceAndIndex()
    {
        Instance instance = Wat.Instantiate(Dispatch);
        Table table = instance.GetTable("table");
        Assert.Equal(4, table.Size);
        var first = Assert.IsType<Function>(table[0]);
        Assert.Same(instance, first.Instance);
        Assert.Equal(0, first.Index);
        Assert.Equal(1, Assert.IsType<Function>(table[1]).Index);
        Assert.Null(table[2]);
        Assert.True(instance.TryGetFunctionIndex(first, out int index));
        Assert.Equal(0, index);
    }

    [Fact]
    public void ACapturedTableRestoresIntoAnotherInstance()
    {
        Module module = Wat.Compile(Dispatch);
        var linker = new Linker();
        Instance source = linker.Instantiate(module);
        Instance target = linker.Instantiate(module);
        source.GetFunction("install_negate").Invoke(WasmValue.I32(0));
        source.GetFunction("install_negate").Invoke(WasmValue.I32(3));
        target.GetTable("table")[1] = null;

        // Capture: function indices (or null) of every element.
        Table captured = source.GetTable("table");
        int?[] image = Enumerable.Range(0, captured.Size)
            .Select(i => captured[i] is Function f && source.TryGetFunctionIndex(f, out int index) ? index : (int?)null).ToArray();
        Assert.Equal([2, 1, null, 2], image);

        // Restore: the same indices, bound to the target's own functions.
        Table restored = target.GetTable("table");
        for (int i = 0; i < image.Length; i++) restored[i] = image[i] is int index ? target.GetFunction(index) : null;

        Assert.Equal(-5, target.GetFunction("apply").Invoke(WasmValue.I32(0), WasmValue.I32(5))[0].AsI32());
        Assert.Equal(36, target.GetFunction("apply").Invoke(WasmValue.I32(1), WasmValue.I32(6))[0].AsI32());
        // The restored elements run against the target's state, not the source's.
        Assert.Equal(1, target.GetFunction("calls").Invoke()[0].AsI32());
        Assert.Equal(0, source.GetFunction("calls").Invoke()[0].AsI32());
    }

    [Fact]
    public void HostMayOnlyStoreFunctionsInAFuncrefTable()
    {
        Table table = Wat.Instantiate(Dispatch).GetTable("table");
        Assert.Throws<ArgumentException>(() => table[2] = "not a function");
        Assert.Equal(TrapCode.TableOutOfBounds, Assert.Throws<WasmTrap>(() => table[4]).Code);
    }
}
