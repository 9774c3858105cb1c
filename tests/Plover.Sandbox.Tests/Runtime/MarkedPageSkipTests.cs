using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>
/// Scalar stores one after another in a function: each marks exactly its pages, whether it stays in
/// the page marked last, reaches past it, goes back to an earlier one or follows a host function that
/// cleared the dirty map. (Scalar stores mark every time; these shapes guard any skip like the one
/// v128.store has, which was tried for scalar stores and measured slower for sort.)
/// </summary>
public class MarkedPageSkipTests
{
    private static (Instance Instance, Memory Memory) Instantiate(string functions, Linker? linker = null)
    {
        Instance instance = Wat.Instantiate($"""
            (module
              (import "host" "clear" (func $clear))
              (memory (export "memory") 2)
              {functions})
            """, linker ?? new Linker().DefineFunction("host", "clear", new FuncType([], []), (_, _, _) => { }));
        Memory memory = instance.GetMemory("memory");
        memory.ClearDirtyPages();
        return (instance, memory);
    }

    [Theory]
    [InlineData("i32.store", 4092, new[] { 0 })]
    [InlineData("i32.store", 4093, new[] { 0, 1 })]
    [InlineData("i64.store", 4088, new[] { 0 })]
    [InlineData("i64.store", 4089, new[] { 0, 1 })]
    [InlineData("i32.store16", 4095, new[] { 0, 1 })]
    [InlineData("i32.store8", 4095, new[] { 0 })]
    [InlineData("i32.store8", 4096, new[] { 0, 1 })]
    [InlineData("f64.store", 4089, new[] { 0, 1 })]
    [InlineData("i64.store32", 4093, new[] { 0, 1 })]
    public void AStoreReachingPastTheMarkedPageMarksTheNextOne(string store, int second, int[] pages)
    {
        string value = store.StartsWith("i64") ? "i64.const -1" : store.StartsWith("f64") ? "f64.const 1.5" : "i32.const -1";
        (Instance instance, Memory memory) = Instantiate($"""
            (func (export "two_stores") (param $second i32)
              i32.const 0 {value} {store}
              local.get $second {value} {store})
            """);
        instance.GetFunction("two_stores").Invoke(WasmValue.I32(second));
        Assert.Equal(pages, memory.GetDirtyPages());
    }

    [Fact]
    public void AStoreIntoAnEarlierPageMarksIt()
    {
        (Instance instance, Memory memory) = Instantiate("""
            (func (export "down") i32.const 8192 i32.const 1 i32.store  i32.const 4092 i32.const 1 i32.store)
            """);
        instance.GetFunction("down").Invoke();
        Assert.Equal([0, 2], memory.GetDirtyPages());
    }

    [Fact]
    public void AScalarStoreAfterAHostCallThatClearedTheDirtyMapMarksAgain()
    {
        Memory? memory = null;
        var linker = new Linker().DefineFunction("host", "clear", new FuncType([], []), (_, _, _) => memory!.ClearDirtyPages());
        (Instance instance, memory) = Instantiate("""
            (func (export "store_clear_store")
              i32.const 0 i32.const 1 i32.store
              call $clear
              i32.const 4 i32.const 2 i32.store8)
            """, linker);
        instance.GetFunction("store_clear_store").Invoke();
        Assert.Equal([0], memory.GetDirtyPages());
        Assert.Equal(1, memory.ReadInt32(0));
        Assert.Equal(2, memory.ReadByte(4));
    }

    [Fact]
    public void EachCallOfAFunctionMarksAgain()
    {
        (Instance instance, Memory memory) = Instantiate("""
            (func (export "store") (param i32) local.get 0 i32.const 7 i32.store)
            """);
        Function store = instance.GetFunction("store");
        store.Invoke(WasmValue.I32(100));
        memory.ClearDirtyPages();
        store.Invoke(WasmValue.I32(104));
        Assert.Equal([0], memory.GetDirtyPages());
    }

    [Fact]
    public void ALoopOfMixedWidthStoresMarksExactlyThePagesItWrites()
    {
        (Instance instance, Memory memory) = Instantiate("""
            (func (export "fill") (param $at i32) (param $count i32)
              (loop $next
                local.get $at i32.const 1 i32.store8
                local.get $at i64.const 2 i64.store offset=1
                local.get $at i32.const 3 i32.store16 offset=9
                local.get $at i32.const 11 i32.add local.set $at
                local.get $count i32.const 1 i32.sub local.tee $count
                br_if $next))
            """);
        var random = new Random(7);
        for (int round = 0; round < 20; round++)
        {
            int start = random.Next(0, 2 * 65536 - 11 * 600);
            int count = random.Next(1, 600);
            instance.GetFunction("fill").Invoke(WasmValue.I32(start), WasmValue.I32(count));
            int end = start + 11 * count;  // exclusive
            Assert.Equal(Enumerable.Range(start / 4096, (end - 1) / 4096 - start / 4096 + 1), memory.GetDirtyPages());
            memory.ClearDirtyPages();
        }
    }
}
