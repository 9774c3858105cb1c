using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>Linear memory bounds, growth limits and the host's view of memory.</summary>
public class MemoryTests
{
    private const string Accessors = """
        (module
          (memory (export "memory") 1 10)
          (func (export "load32") (param i32) (result i32) local.get 0 i32.load)
          (func (export "load32_far") (param i32) (result i32) local.get 0 i32.load offset=4294967295)
          (func (export "store32") (param i32 i32) local.get 0 local.get 1 i32.store)
          (func (export "store64_far") (param i32 i64) local.get 0 local.get 1 i64.store offset=4294967290)
          (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
          (func (export "size") (result i32) memory.size))
        """;

    private static readonly Module AccessorsModule = Wat.Compile(Accessors);

    private static WasmTrap Traps(Action action) => Assert.Throws<WasmTrap>(action);

    [Fact]
    public void AccessesUpToTheLastByteSucceedAndOnePastTraps()
    {
        Instance instance = new Linker().Instantiate(AccessorsModule);
        instance.GetFunction("store32").Invoke(WasmValue.I32(65532), WasmValue.I32(42));
        Assert.Equal(42, instance.GetFunction("load32").Invoke(WasmValue.I32(65532))[0].AsI32());
        Assert.Equal(TrapCode.MemoryOutOfBounds, Traps(() => instance.GetFunction("load32").Invoke(WasmValue.I32(65533))).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Traps(() => instance.GetFunction("load32").Invoke(WasmValue.I32(-1))).Code);
    }

    [Fact]
    public void AddressPlusOffsetDoesNotWrapAround()
    {
        Instance instance = new Linker().Instantiate(AccessorsModule);
        // 1 + 0xFFFFFFFF wraps to 0 in 32 bits; wasm computes it in 33 and must trap.
        Assert.Equal(TrapCode.MemoryOutOfBounds, Traps(() => instance.GetFunction("load32_far").Invoke(WasmValue.I32(1))).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Traps(() => instance.GetFunction("store64_far").Invoke(WasmValue.I32(6), WasmValue.I64(1))).Code);
    }

    [Fact]
    public void AnOutOfBoundsStoreWritesNothing()
    {
        Instance instance = new Linker().Instantiate(AccessorsModule);
        Memory memory = instance.GetMemory("memory");
        memory.ClearDirtyPages();
        Traps(() => instance.GetFunction("store32").Invoke(WasmValue.I32(65534), WasmValue.I32(-1)));
        Assert.Equal(0, memory.ReadByte(65534));
        Assert.Equal(0, memory.ReadByte(65535));
        Assert.Empty(memory.GetDirtyPages());
    }

    [Fact]
    public void GrowthStopsAtTheInstanceLimitAndSaysSo()
    {
        Instance instance = new Linker().Instantiate(AccessorsModule, new InstanceOptions { MemoryPagesLimit = 3 });
        Memory memory = instance.GetMemory("memory");
        Assert.Equal(3u, memory.LimitPages);
        Assert.Equal(1, instance.GetFunction("grow").Invoke(WasmValue.I32(2))[0].AsI32());
        Assert.False(memory.LimitHit);
        Assert.Equal(-1, instance.GetFunction("grow").Invoke(WasmValue.I32(1))[0].AsI32());
        Assert.True(memory.LimitHit);
        Assert.Equal(3, instance.GetFunction("size").Invoke()[0].AsI32());
        // Memory below the limit is still usable after the refusal.
        instance.GetFunction("store32").Invoke(WasmValue.I32(3 * 65536 - 4), WasmValue.I32(9));
    }

    [Fact]
    public void GrowthPastTheDeclaredMaximumIsRefusedWithoutHittingTheLimit()
    {
        Instance instance = new Linker().Instantiate(AccessorsModule);
        Memory memory = instance.GetMemory("memory");
        Assert.Equal(-1, instance.GetFunction("grow").Invoke(WasmValue.I32(10))[0].AsI32());
        Assert.False(memory.LimitHit);
        Assert.Equal(1, instance.GetFunction("grow").Invoke(WasmValue.I32(9))[0].AsI32());
        Assert.Equal(10u, memory.Pages);
    }

    [Fact]
    public void CompiledCodeSeesGrowthByTheHost()
    {
        Instance instance = new Linker().Instantiate(AccessorsModule);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Traps(() => instance.GetFunction("load32").Invoke(WasmValue.I32(70000))).Code);
        instance.GetMemory("memory").Grow(1);
        instance.GetMemory("memory").WriteInt32(70000, 77);
        Assert.Equal(77, instance.GetFunction("load32").Invoke(WasmValue.I32(70000))[0].AsI32());
    }

    [Fact]
    public void HostAccessOutsideMemoryTraps()
    {
        var memory = new Memory(new MemoryType(new Limits(1, 1)));
        Assert.Equal(TrapCode.MemoryOutOfBounds, Traps(() => memory.Read(65535, 2)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Traps(() => memory.WriteInt32(ulong.MaxValue - 1, 1)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Traps(() => memory.Write(0, -1)).Code);
        Assert.Equal(2, memory.Read(65534, 2).Length);
    }

    [Fact]
    public void InitialSizeAboveTheLimitIsRefusedAtInstantiation()
    {
        Module module = Wat.Compile("(module (memory 5))");
        Assert.Throws<WasmLimitException>(() => new Linker().Instantiate(module, new InstanceOptions { MemoryPagesLimit = 4 }));
    }
}
