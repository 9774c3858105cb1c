using System.Runtime.Intrinsics;
using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Simd;

/// <summary>
/// v128 loads and stores go through the same bounds check and dirty-page marking as scalar ones:
/// the whole access must fit, and a store marks the pages of its first and last byte.
/// </summary>
public class SimdMemoryTests
{
    private const string Accesses = """
        (module
          (memory (export "memory") 2)
          (func (export "load") (param i32) (result v128) local.get 0 v128.load)
          (func (export "load_offset") (param i32) (result v128) local.get 0 v128.load offset=65520)
          (func (export "load8x8_s") (param i32) (result v128) local.get 0 v128.load8x8_s)
          (func (export "load32_splat") (param i32) (result v128) local.get 0 v128.load32_splat)
          (func (export "load64_zero") (param i32) (result v128) local.get 0 v128.load64_zero)
          (func (export "load16_lane") (param i32 v128) (result v128) local.get 0 local.get 1 v128.load16_lane 7)
          (func (export "store") (param i32 v128) local.get 0 local.get 1 v128.store)
          (func (export "store64_lane") (param i32 v128) local.get 0 local.get 1 v128.store64_lane 1)
          (func (export "store8_lane") (param i32 v128) local.get 0 local.get 1 v128.store8_lane 15)
          (func (export "store_loop") (param $at i32) (param $stride i32) (param $count i32)
            (loop $next
              local.get $at
              v128.const i32x4 1 2 3 4
              v128.store
              local.get $at
              local.get $stride
              i32.add
              local.set $at
              local.get $count
              i32.const 1
              i32.sub
              local.tee $count
              br_if $next)))
        """;

    private const int MemoryBytes = 2 * 65536;

    private static (Instance Instance, Memory Memory) Fresh()
    {
        Instance instance = Wat.Instantiate(Accesses);
        Memory memory = instance.GetMemory("memory");
        memory.ClearDirtyPages();
        return (instance, memory);
    }

    private static WasmValue Vector(params byte[] bytes) => WasmValue.V128(Vector128.Create(bytes));

    private static readonly WasmValue Ascending = Vector(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);

    [Fact]
    public void LoadsTrapUnlessAllSixteenBytesAreInBounds()
    {
        (Instance instance, _) = Fresh();
        Function load = instance.GetFunction("load");
        Assert.Equal(WasmValue.V128(0, 0), load.Invoke(WasmValue.I32(MemoryBytes - 16))[0]);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<WasmTrap>(() => load.Invoke(WasmValue.I32(MemoryBytes - 15))).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<WasmTrap>(() => load.Invoke(WasmValue.I32(-1))).Code);
        Function withOffset = instance.GetFunction("load_offset");
        withOffset.Invoke(WasmValue.I32(MemoryBytes - 65536));
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<WasmTrap>(() => withOffset.Invoke(WasmValue.I32(MemoryBytes - 65535))).Code);
    }

    [Fact]
    public void NarrowLoadsCheckOnlyTheBytesTheyRead()
    {
        (Instance instance, Memory memory) = Fresh();
        memory.Write(MemoryBytes - 8, [0x80, 0x7F, 1, 2, 3, 4, 5, 0xFF]);
        Vector128<short> extended = instance.GetFunction("load8x8_s").Invoke(WasmValue.I32(MemoryBytes - 8))[0].AsV128().AsInt16();
        Assert.Equal((short)-128, extended[0]);
        Assert.Equal((short)-1, extended[7]);
        Assert.Throws<WasmTrap>(() => instance.GetFunction("load8x8_s").Invoke(WasmValue.I32(MemoryBytes - 7)));
        Vector128<uint> splat = instance.GetFunction("load32_splat").Invoke(WasmValue.I32(MemoryBytes - 4))[0].AsV128().AsUInt32();
        Assert.Equal(Vector128.Create(0xFF050403u), splat);
        Assert.Throws<WasmTrap>(() => instance.GetFunction("load32_splat").Invoke(WasmValue.I32(MemoryBytes - 3)));
        WasmValue zeroExtended = instance.GetFunction("load64_zero").Invoke(WasmValue.I32(MemoryBytes - 8))[0];
        Assert.Equal(0xFF05040302017F80ul, zeroExtended.Bits);
        Assert.Equal(0ul, zeroExtended.HighBits);
        WasmValue lane = instance.GetFunction("load16_lane").Invoke(WasmValue.I32(MemoryBytes - 2), Ascending)[0];
        Assert.Equal(0xFF05, lane.AsV128().AsUInt16()[7]);
        Assert.Equal(0x0201, lane.AsV128().AsUInt16()[0]);
    }

    [Fact]
    public void StoreMarksThePagesOfItsFirstAndLastByte()
    {
        (Instance instance, Memory memory) = Fresh();
        instance.GetFunction("store").Invoke(WasmValue.I32(4096 - 8), Ascending);
        Assert.Equal([0, 1], memory.GetDirtyPages());
        Assert.Equal(Enumerable.Range(1, 16).Select(i => (byte)i), memory.Read(4096 - 8, 16).ToArray());
        memory.ClearDirtyPages();
        instance.GetFunction("store").Invoke(WasmValue.I32(3 * 4096), Ascending);
        Assert.Equal([3], memory.GetDirtyPages());
        memory.ClearDirtyPages();
        instance.GetFunction("store").Invoke(WasmValue.I32(5 * 4096 - 16), Ascending);
        Assert.Equal([4], memory.GetDirtyPages());
    }

    [Fact]
    public void StoresInALoopMarkEveryPageTheyReachAndNoOther()
    {
        (Instance instance, Memory memory) = Fresh();
        // From 4096 - 40 in steps of 24 up to 3 * 4096 + 100: some stores straddle a boundary, most share a page.
        instance.GetFunction("store_loop").Invoke(WasmValue.I32(4096 - 40), WasmValue.I32(24), WasmValue.I32((2 * 4096 + 140) / 24));
        Assert.Equal([0, 1, 2, 3], memory.GetDirtyPages());
        memory.ClearDirtyPages();
        instance.GetFunction("store_loop").Invoke(WasmValue.I32(4096 - 16), WasmValue.I32(16), WasmValue.I32(1));
        Assert.Equal([0], memory.GetDirtyPages());
    }

    [Fact]
    public void AStoreAfterAHostCallThatClearedTheDirtyMapMarksAgain()
    {
        Memory? memory = null;
        var linker = new Linker().DefineFunction("host", "clear", new FuncType([], []), (caller, args, results) => memory!.ClearDirtyPages());
        Instance instance = Wat.Instantiate("""
            (module
              (import "host" "clear" (func $clear))
              (memory (export "memory") 1)
              (func (export "store_clear_store") (param v128)
                i32.const 0 local.get 0 v128.store
                call $clear
                i32.const 16 local.get 0 v128.store))
            """, linker);
        memory = instance.GetMemory("memory");
        memory.ClearDirtyPages();
        instance.GetFunction("store_clear_store").Invoke(Ascending);
        Assert.Equal([0], memory.GetDirtyPages());
    }

    [Fact]
    public void StoreLaneMarksOnlyThePagesOfTheLaneItWrites()
    {
        (Instance instance, Memory memory) = Fresh();
        instance.GetFunction("store64_lane").Invoke(WasmValue.I32(2 * 4096 - 4), Ascending);
        Assert.Equal([1, 2], memory.GetDirtyPages());
        Assert.Equal(new byte[] { 9, 10, 11, 12, 13, 14, 15, 16 }, memory.Read(2 * 4096 - 4, 8).ToArray());
        memory.ClearDirtyPages();
        instance.GetFunction("store8_lane").Invoke(WasmValue.I32(7 * 4096 - 1), Ascending);
        Assert.Equal([6], memory.GetDirtyPages());
        Assert.Equal(16, memory.Read(7 * 4096 - 1, 1)[0]);
    }

    [Fact]
    public void OutOfBoundsStoresWriteNothingAndMarkNothing()
    {
        (Instance instance, Memory memory) = Fresh();
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<WasmTrap>(() => instance.GetFunction("store").Invoke(WasmValue.I32(MemoryBytes - 15), Ascending)).Code);
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<WasmTrap>(() => instance.GetFunction("store64_lane").Invoke(WasmValue.I32(MemoryBytes - 7), Ascending)).Code);
        Assert.Empty(memory.GetDirtyPages());
        Assert.All(memory.Read(MemoryBytes - 16, 16).ToArray(), b => Assert.Equal(0, b));
    }
}
