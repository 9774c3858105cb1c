using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>Compile once, instantiate many; exports; every global and table element reachable by index.</summary>
public class InstanceTests
{
    private const string Counter = """
        (module
          (memory (export "memory") 1)
          (global $sp (mut i32) (i32.const 1024))
          (global $count (export "count") (mut i64) (i64.const 0))
          (global $pi f64 (f64.const 3.25))
          (global $half (mut f32) (f32.const 0.5))
          (global $ref (mut externref) (ref.null extern))
          (func (export "bump") (result i64)
            global.get $count
            i64.const 1
            i64.add
            global.set $count
            i32.const 0
            global.get $count
            i64.store
            global.get $count)
          (func (export "sp") (result i32) global.get $sp)
          (func (export "half") (result f32) global.get $half)
          (func (export "divmod") (param i32 i32) (result i32 i32)
            local.get 0 local.get 1 i32.div_u
            local.get 0 local.get 1 i32.rem_u)
          (func (export "swap_in_block") (param i64 f64) (result f64 i64)
            local.get 0
            local.get 1
            block (param i64 f64) (result f64 i64)
              local.set 1
              local.set 0
              local.get 1
              local.get 0
            end))
        """;

    [Fact]
    public void OneCompiledModuleGivesIndependentInstances()
    {
        Module module = Wat.Compile(Counter);
        var linker = new Linker();
        Instance[] replicas = [linker.Instantiate(module), linker.Instantiate(module), linker.Instantiate(module)];
        replicas[0].GetFunction("bump").Invoke();
        replicas[0].GetFunction("bump").Invoke();
        replicas[1].GetFunction("bump").Invoke();
        Assert.Equal([2L, 1L, 0L], replicas.Select(r => r.GetGlobal("count").Value.AsI64()));
        Assert.Equal([2L, 1L, 0L], replicas.Select(r => r.GetMemory("memory").ReadInt64(0)));
        Assert.All(replicas, r => Assert.Same(module, r.Module));
    }

    [Fact]
    public async Task ReplicasRunConcurrentlyOnTheirOwnThreadsAndAgree()
    {
        const string wat = """
            (module
              (memory (export "memory") 2)
              (global $seed (mut i32) (i32.const 1))
              (func (export "churn") (param $rounds i32) (result i32)
                (local $i i32)
                (loop $next
                  (global.set $seed (i32.add (i32.mul (global.get $seed) (i32.const 1103515245)) (i32.const 12345)))
                  (i32.store (i32.and (global.get $seed) (i32.const 0x1FFFC)) (global.get $seed))
                  (local.set $rounds (i32.sub (local.get $rounds) (i32.const 1)))
                  (br_if $next (local.get $rounds)))
                (global.get $seed)))
            """;
        Module module = Wat.Compile(wat);
        Instance[] replicas = [.. Enumerable.Range(0, 3).Select(_ => new Linker().Instantiate(module))];
        foreach (Instance replica in replicas) replica.Memory!.ClearDirtyPages();
        int[] results = await Task.WhenAll(replicas.Select(r => Task.Run(() => r.GetFunction("churn").Invoke(WasmValue.I32(200_000))[0].AsI32())));
        Assert.All(results, r => Assert.Equal(results[0], r));
        byte[] first = replicas[0].Memory!.Read(0, 2 * 65536).ToArray();
        Assert.All(replicas, r => Assert.Equal(first, r.Memory!.Read(0, 2 * 65536).ToArray()));
        Assert.All(replicas, r => Assert.Equal(replicas[0].Memory!.GetDirtyPages(), r.Memory!.GetDirtyPages()));
        Assert.NotEmpty(replicas[0].Memory!.GetDirtyPages());
    }

    [Fact]
    public void EveryGlobalIsReadableByIndexWithItsType()
    {
        Instance instance = Wat.Instantiate(Counter);
        IReadOnlyList<Global> globals = instance.Globals;
        Assert.Equal(5, globals.Count);
        Assert.Equal(new GlobalType(ValueKind.I32, true), globals[0].Type);
        Assert.Equal(1024UL, globals[0].RawBits);
        Assert.Equal(new GlobalType(ValueKind.F64, false), globals[2].Type);
        Assert.Equal((ulong)BitConverter.DoubleToInt64Bits(3.25), globals[2].RawBits);
        Assert.Equal((ulong)(uint)BitConverter.SingleToInt32Bits(0.5f), globals[3].RawBits);
        Assert.Same(instance.GetGlobal("count"), globals[1]);
    }

    [Fact]
    public void HostWritesToNonExportedGlobalsReachTheGuest()
    {
        Instance instance = Wat.Instantiate(Counter);
        instance.Globals[0].RawBits = 4096;
        Assert.Equal(4096, instance.GetFunction("sp").Invoke()[0].AsI32());
        instance.Globals[3].Value = WasmValue.F32(-2.5f);
        Assert.Equal(-2.5f, instance.GetFunction("half").Invoke()[0].AsF32());
        var token = new object();
        instance.Globals[4].Value = WasmValue.ExternRef(token);
        Assert.Same(token, instance.Globals[4].Value.Reference);
    }

    [Fact]
    public void ImmutableGlobalsAndWrongTypesAreRefused()
    {
        Instance instance = Wat.Instantiate(Counter);
        Assert.Throws<InvalidOperationException>(() => instance.Globals[2].RawBits = 1);
        Assert.Throws<ArgumentException>(() => instance.Globals[0].Value = WasmValue.I64(1));
        Assert.Throws<InvalidOperationException>(() => instance.Globals[4].RawBits = 1);
    }

    [Fact]
    public void MultipleResultsComeBackInOrder()
    {
        Instance instance = Wat.Instantiate(Counter);
        WasmValue[] results = instance.GetFunction("divmod").Invoke(WasmValue.I32(17), WasmValue.I32(5));
        Assert.Equal([WasmValue.I32(3), WasmValue.I32(2)], results);
        results = instance.GetFunction("swap_in_block").Invoke(WasmValue.I64(7), WasmValue.F64(0.25));
        Assert.Equal([WasmValue.F64(0.25), WasmValue.I64(7)], results);
    }

    [Fact]
    public void ExportsAreFoundByNameAndKind()
    {
        Instance instance = Wat.Instantiate(Counter);
        Assert.Equal(["memory", "count", "bump", "sp", "half", "divmod", "swap_in_block"], instance.Exports.Select(e => e.Key));
        Assert.IsType<Memory>(instance.GetExport("memory"));
        Assert.Null(instance.GetExport("missing"));
        Assert.Throws<KeyNotFoundException>(() => instance.GetFunction("missing"));
        Assert.Throws<InvalidCastException>(() => instance.GetFunction("memory"));
    }

    [Fact]
    public void InvokeChecksArgumentsAgainstTheSignature()
    {
        Function divmod = Wat.Instantiate(Counter).GetFunction("divmod");
        Assert.Throws<ArgumentException>(() => divmod.Invoke(WasmValue.I32(1)));
        Assert.Throws<ArgumentException>(() => divmod.Invoke(WasmValue.I32(1), WasmValue.I64(2)));
    }
}
