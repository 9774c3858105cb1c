using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>Fuel: off by default, on per instance; one unit per function entry and loop iteration.</summary>
public class FuelTests
{
    private const string Loops = """
        (module
          (func $leaf)
          (func (export "spin") (loop $forever (br $forever)))
          (func (export "count") (param $n i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next))))
          (func (export "calls") (param $n i32)
            (block $done
              (loop $next
                (br_if $done (i32.eqz (local.get $n)))
                (call $leaf)
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $next)))))
        """;

    private static readonly Module LoopsModule = Wat.Compile(Loops);

    [Fact]
    public void FuelIsOffByDefault()
    {
        Instance instance = new Linker().Instantiate(LoopsModule);
        Assert.False(instance.FuelEnabled);
        Assert.Throws<InvalidOperationException>(() => instance.Fuel);
        instance.GetFunction("count").Invoke(WasmValue.I32(100_000));
    }

    [Fact]
    public void RunawayLoopRunsOutOfFuelAndCanBeRefilled()
    {
        Instance instance = new Linker().Instantiate(LoopsModule, new InstanceOptions { Fuel = 10_000 });
        WasmTrap trap = Assert.Throws<WasmTrap>(() => instance.GetFunction("spin").Invoke());
        Assert.Equal(TrapCode.OutOfFuel, trap.Code);
        Assert.Equal(0, instance.Fuel);
        Assert.Equal(TrapCode.OutOfFuel, Assert.Throws<WasmTrap>(() => instance.GetFunction("count").Invoke(WasmValue.I32(1))).Code);
        instance.Fuel = 1000;
        instance.GetFunction("count").Invoke(WasmValue.I32(10));
        Assert.Equal(1000 - 12, instance.Fuel);
    }

    [Theory]
    [InlineData("count", 0, 2)]       // entry, one loop head
    [InlineData("count", 5, 7)]       // entry, loop head entered 6 times
    [InlineData("calls", 5, 12)]      // entry, 6 loop heads, 5 leaf entries
    public void FuelChargesEntriesAndLoopIterationsExactly(string export, int iterations, long expected)
    {
        Instance instance = new Linker().Instantiate(LoopsModule, new InstanceOptions { Fuel = 1_000 });
        instance.GetFunction(export).Invoke(WasmValue.I32(iterations));
        Assert.Equal(1_000 - expected, instance.Fuel);
    }

    [Fact]
    public void NegativeFuelIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Linker().Instantiate(LoopsModule, new InstanceOptions { Fuel = -1 }));

    [Fact]
    public void MeteredAndUnmeteredInstancesShareOneModule()
    {
        Instance metered = new Linker().Instantiate(LoopsModule, new InstanceOptions { Fuel = 100 });
        Instance free = new Linker().Instantiate(LoopsModule);
        Assert.Equal(TrapCode.OutOfFuel, Assert.Throws<WasmTrap>(() => metered.GetFunction("count").Invoke(WasmValue.I32(1000))).Code);
        free.GetFunction("count").Invoke(WasmValue.I32(1000));
        Assert.Same(metered.Module, free.Module);
    }
}
