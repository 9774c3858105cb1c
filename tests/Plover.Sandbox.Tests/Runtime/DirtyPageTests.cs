using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>
/// The dirty set holds exactly the 4 KiB pages written since it was last cleared: no page missed,
/// none invented, whatever the write path.
/// </summary>
public class DirtyPageTests
{
    private const string Stores = """
        (module
          (memory (export "memory") 4 8)
          (data $seg "0123456789")
          (func (export "store8") (param i32 i32) local.get 0 local.get 1 i32.store8)
          (func (export "store16") (param i32 i32) local.get 0 local.get 1 i32.store16)
          (func (export "store32") (param i32 i32) local.get 0 local.get 1 i32.store)
          (func (export "store64") (param i32 i64) local.get 0 local.get 1 i64.store)
          (func (export "storef32") (param i32 f32) local.get 0 local.get 1 f32.store)
          (func (export "storef64") (param i32 f64) local.get 0 local.get 1 f64.store)
          (func (export "store64_32") (param i32 i64) local.get 0 local.get 1 i64.store32)
          (func (export "store32_offset") (param i32 i32) local.get 0 local.get 1 i32.store offset=4093)
          (func (export "load32") (param i32) (result i32) local.get 0 i32.load)
          (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
          (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
          (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $seg)
          (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
          (func (export "store_loop") (param $start i32) (param $count i32) (param $stride i32)
            (loop $next
              local.get $start
              local.get $count
              i32.store
              local.get $start
              local.get $stride
              i32.add
              local.set $start
              local.get $count
              i32.const 1
              i32.sub
              local.tee $count
              br_if $next)))
        """;

    private static readonly Module StoresModule = Wat.Compile(Stores);

    private static (Instance Instance, Memory Memory) Fresh()
    {
        Instance instance = new Linker().Instantiate(StoresModule);
        Memory memory = instance.GetMemory("memory");
        memory.ClearDirtyPages();
        return (instance, memory);
    }

    private static SortedSet<int> PagesOf(ulong address, ulong length)
    {
        var pages = new SortedSet<int>();
        if (length == 0) return pages;
        for (ulong page = address / 4096; page <= (address + length - 1) / 4096; page++) pages.Add((int)page);
        return pages;
    }

    [Fact]
    public void NewMemoryCountsAsDirtyUntilCleared()
    {
        Instance instance = new Linker().Instantiate(StoresModule);
        Memory memory = instance.GetMemory("memory");
        Assert.Equal(Enumerable.Range(0, 4 * 16), memory.GetDirtyPages());
        memory.ClearDirtyPages();
        Assert.Empty(memory.GetDirtyPages());
    }

    [Fact]
    public void RandomStoresOfEveryWidthAreReportedExactly()
    {
        var (instance, memory) = Fresh();
        var random = new Random(20240611);
        (string Export, int Width, Func<WasmValue> Value)[] kinds =
        [
            ("store8", 1, () => WasmValue.I32(random.Next())),
            ("store16", 2, () => WasmValue.I32(random.Next())),
            ("store32", 4, () => WasmValue.I32(random.Next())),
            ("store64", 8, () => WasmValue.I64(random.NextInt64())),
            ("storef32", 4, () => WasmValue.F32(random.NextSingle())),
            ("storef64", 8, () => WasmValue.F64(random.NextDouble())),
            ("store64_32", 4, () => WasmValue.I64(random.NextInt64())),
        ];
        for (int epoch = 0; epoch < 20; epoch++)
        {
            var expected = new SortedSet<int>();
            int stores = random.Next(1, 40);
            for (int i = 0; i < stores; i++)
            {
                var (export, width, value) = kinds[random.Next(kinds.Length)];
                // Half the stores land right around a page boundary, to straddle it.
                int address = random.Next(2) == 0
                    ? random.Next(1, 4 * 16) * 4096 - random.Next(0, width + 1)
                    : random.Next(0, (int)memory.SizeBytes - width + 1);
                address = Math.Clamp(address, 0, (int)memory.SizeBytes - width);
                instance.GetFunction(export).Invoke(WasmValue.I32(address), value());
                expected.UnionWith(PagesOf((ulong)address, (ulong)width));
            }
            Assert.Equal(expected, memory.GetDirtyPages());
            memory.ClearDirtyPages();
        }
    }

    [Theory]
    [InlineData("store16", 4095, 2)]
    [InlineData("store32", 4094, 4)]
    [InlineData("store64", 8190, 8)]
    [InlineData("storef64", 4089, 8)]
    public void StoreStraddlingAPageBoundaryMarksBothPages(string export, int address, int width)
    {
        var (instance, memory) = Fresh();
        WasmValue value = export switch
        {
            "store64" => WasmValue.I64(-1),
            "storef64" => WasmValue.F64(1.5),
            _ => WasmValue.I32(-1),
        };
        instance.GetFunction(export).Invoke(WasmValue.I32(address), value);
        Assert.Equal(PagesOf((ulong)address, (ulong)width), memory.GetDirtyPages());
        Assert.Equal(2, memory.GetDirtyPages().Length);
    }

    [Fact]
    public void StaticOffsetIsPartOfTheDirtyAddress()
    {
        var (instance, memory) = Fresh();
        instance.GetFunction("store32_offset").Invoke(WasmValue.I32(1), WasmValue.I32(7));  // bytes 4094..4097
        Assert.Equal([0, 1], memory.GetDirtyPages());
        Assert.Equal(7, memory.ReadInt32(4094));
    }

    [Fact]
    public void StoresInACompiledLoopAreAllMarked()
    {
        var (instance, memory) = Fresh();
        instance.GetFunction("store_loop").Invoke(WasmValue.I32(100), WasmValue.I32(10), WasmValue.I32(8192));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (100 + 8192 * i) / 4096), memory.GetDirtyPages());
    }

    [Fact]
    public void LoadsDoNotDirty()
    {
        var (instance, memory) = Fresh();
        for (int address = 0; address < (int)memory.SizeBytes; address += 4096) instance.GetFunction("load32").Invoke(WasmValue.I32(address));
        _ = memory.Read(0, 100).ToArray();
        Assert.Empty(memory.GetDirtyPages());
    }

    [Fact]
    public void BulkMemoryMarksExactlyItsDestination()
    {
        var (instance, memory) = Fresh();
        instance.GetFunction("fill").Invoke(WasmValue.I32(4000), WasmValue.I32(0xAB), WasmValue.I32(10000));
        Assert.Equal(PagesOf(4000, 10000), memory.GetDirtyPages());
        memory.ClearDirtyPages();

        instance.GetFunction("copy").Invoke(WasmValue.I32(50000), WasmValue.I32(4000), WasmValue.I32(3000));
        Assert.Equal(PagesOf(50000, 3000), memory.GetDirtyPages());
        Assert.Equal(0xAB, memory.ReadByte(52999));
        memory.ClearDirtyPages();

        instance.GetFunction("init").Invoke(WasmValue.I32(12286), WasmValue.I32(2), WasmValue.I32(5));
        Assert.Equal(PagesOf(12286, 5), memory.GetDirtyPages());
        Assert.Equal("23456"u8.ToArray(), memory.Read(12286, 5).ToArray());
        memory.ClearDirtyPages();

        instance.GetFunction("fill").Invoke(WasmValue.I32(9000), WasmValue.I32(1), WasmValue.I32(0));
        Assert.Empty(memory.GetDirtyPages());
    }

    [Fact]
    public void DataSegmentsMarkTheirPagesAtInstantiation()
    {
        var memory = new Memory(new MemoryType(new Limits(2, null)));
        memory.ClearDirtyPages();
        var linker = new Linker().Define("env", "memory", memory);
        linker.Instantiate(Wat.Compile("""(module (import "env" "memory" (memory 1)) (data (i32.const 8190) "abcd") (data (i32.const 70000) "z"))"""));
        Assert.Equal([1, 2, 17], memory.GetDirtyPages());
    }

    [Fact]
    public void HostWritesMarkTheirPages()
    {
        var (_, memory) = Fresh();
        memory.Write(4096 * 3 - 1, [1, 2]);
        memory.WriteInt64(40000, 5);
        memory.Write(60000, 10)[9] = 4;
        var expected = new SortedSet<int>(PagesOf(4096 * 3 - 1, 2));
        expected.UnionWith(PagesOf(40000, 8));
        expected.UnionWith(PagesOf(60000, 10));
        Assert.Equal(expected, memory.GetDirtyPages());
    }

    [Fact]
    public void PagesCanBeCapturedAndRestoredIntoAnotherInstance()
    {
        var (source, sourceMemory) = Fresh();
        var (target, targetMemory) = Fresh();
        source.GetFunction("store64").Invoke(WasmValue.I32(5000), WasmValue.I64(0x1122334455667788));
        source.GetFunction("store8").Invoke(WasmValue.I32(200000), WasmValue.I32(9));
        int[] dirty = sourceMemory.TakeDirtyPages();
        Assert.Equal([1, 48], dirty);
        Assert.Empty(sourceMemory.GetDirtyPages());

        foreach (int page in dirty) targetMemory.WritePage(page, sourceMemory.ReadPage(page));
        Assert.Equal(0x1122334455667788, targetMemory.ReadInt64(5000));
        Assert.Equal(9, target.GetFunction("load32").Invoke(WasmValue.I32(200000))[0].AsI32());
        Assert.Equal(dirty, targetMemory.GetDirtyPages());
        Assert.Throws<ArgumentOutOfRangeException>(() => targetMemory.ReadPage(64));
        Assert.Throws<ArgumentException>(() => targetMemory.WritePage(0, new byte[10]));
    }

    [Fact]
    public void GrowMarksTheNewPages()
    {
        var (instance, memory) = Fresh();
        Assert.Equal(4, instance.GetFunction("grow").Invoke(WasmValue.I32(2))[0].AsI32());
        Assert.Equal(Enumerable.Range(4 * 16, 2 * 16), memory.GetDirtyPages());
        Assert.Equal(6u, memory.Pages);
    }
}
