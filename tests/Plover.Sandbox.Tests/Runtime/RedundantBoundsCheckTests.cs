using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>
/// The compiler drops the bounds check of an access whose address is the same local value as an
/// access already checked in the same straight-line code, reaching no further. Each shape here is
/// one where a careless elision would let an access past the end of memory through: it must trap.
/// </summary>
public class RedundantBoundsCheckTests
{
    private const int MemoryBytes = 65536;

    private const string Accesses = """
        (module
          (memory (export "memory") 1)
          (func (export "narrow_then_wide") (param $p i32) (result i32)
            local.get $p i32.load8_u drop
            local.get $p i32.load)
          (func (export "low_then_high_offset") (param $p i32) (result i32)
            local.get $p i32.load drop
            local.get $p i32.load offset=4)
          (func (export "high_then_low_offset") (param $p i32) (result i32)
            local.get $p i32.load offset=4
            local.get $p i32.load8_u
            i32.add)
          (func (export "set_between") (param $p i32) (param $q i32) (result i32)
            local.get $p i32.load drop
            local.get $q local.set $p
            local.get $p i32.load)
          (func (export "tee_between") (param $p i32) (param $q i32) (result i32)
            local.get $p i32.load drop
            local.get $q local.tee $p
            i32.load)
          (func (export "operand_read_before_set") (param $p i32) (param $q i32) (result i32)
            ;; the address operand is the old value of $p; the check after the set is of the new one
            local.get $p
            local.get $q local.set $p
            local.get $p i32.load drop
            i32.load)
          (func (export "check_on_skipped_path") (param $p i32) (param $skip i32) (result i32)
            (block
              local.get $skip br_if 0
              local.get $p i32.load drop)
            local.get $p i32.load)
          (func (export "check_in_other_arm") (param $p i32) (param $then i32) (result i32)
            (if (local.get $then)
              (then local.get $p i64.load drop))
            local.get $p i64.load32_u i32.wrap_i64)
          (func (export "increment") (param $p i32)
            local.get $p
            local.get $p i64.load
            i64.const 1 i64.add
            i64.store)
          (func (export "store_after_narrow_load") (param $p i32) (param $v i64)
            local.get $p i32.load16_u drop
            local.get $p local.get $v i64.store)
          (func (export "splat_then_v128_load") (param $p i32) (result v128)
            local.get $p v128.load32_splat drop
            local.get $p v128.load)
          (func (export "v128_add_in_place") (param $p i32) (param $q i32)
            local.get $p
            local.get $p v128.load
            local.get $q v128.load
            f64x2.add
            v128.store)
          (func (export "lane_store_after_scalar_load") (param $p i32) (param $v v128)
            local.get $p i32.load8_u drop
            local.get $p local.get $v v128.store64_lane 0))
        """;

    private static (Instance Instance, Memory Memory) Fresh()
    {
        Instance instance = Wat.Instantiate(Accesses);
        Memory memory = instance.GetMemory("memory");
        memory.ClearDirtyPages();
        return (instance, memory);
    }

    private static void AssertTraps(Function function, params WasmValue[] arguments) =>
        Assert.Equal(TrapCode.MemoryOutOfBounds, Assert.Throws<WasmTrap>(() => function.Invoke(arguments)).Code);

    [Fact]
    public void AWiderAccessThanTheCheckedOneIsCheckedAgain()
    {
        (Instance instance, _) = Fresh();
        Function function = instance.GetFunction("narrow_then_wide");
        Assert.Equal(0, function.Invoke(WasmValue.I32(MemoryBytes - 4))[0].AsI32());
        AssertTraps(function, WasmValue.I32(MemoryBytes - 1));
        AssertTraps(function, WasmValue.I32(MemoryBytes - 3));
    }

    [Fact]
    public void AnAccessReachingFurtherThroughALargerOffsetIsCheckedAgain()
    {
        (Instance instance, _) = Fresh();
        Function function = instance.GetFunction("low_then_high_offset");
        function.Invoke(WasmValue.I32(MemoryBytes - 8));
        AssertTraps(function, WasmValue.I32(MemoryBytes - 4));
        AssertTraps(function, WasmValue.I32(MemoryBytes - 7));
    }

    [Fact]
    public void AnAccessWithinTheCheckedRangeReadsTheRightBytes()
    {
        (Instance instance, Memory memory) = Fresh();
        memory.Write(MemoryBytes - 8, [7, 0, 0, 0, 1, 2, 3, 4]);
        Assert.Equal(0x04030201 + 7, instance.GetFunction("high_then_low_offset").Invoke(WasmValue.I32(MemoryBytes - 8))[0].AsI32());
        AssertTraps(instance.GetFunction("high_then_low_offset"), WasmValue.I32(MemoryBytes - 7));
    }

    [Theory]
    [InlineData("set_between")]
    [InlineData("tee_between")]
    [InlineData("operand_read_before_set")]
    public void ANewValueOfTheLocalIsCheckedAgain(string name)
    {
        (Instance instance, _) = Fresh();
        Function function = instance.GetFunction(name);
        Assert.Equal(0, function.Invoke(WasmValue.I32(0), WasmValue.I32(MemoryBytes - 4))[0].AsI32());
        AssertTraps(function, WasmValue.I32(0), WasmValue.I32(MemoryBytes - 3));
        AssertTraps(function, WasmValue.I32(0), WasmValue.I32(-1));
    }

    [Fact]
    public void ACheckOnAPathThatWasSkippedCoversNothingAfterTheMerge()
    {
        (Instance instance, _) = Fresh();
        Function skipped = instance.GetFunction("check_on_skipped_path");
        Assert.Equal(0, skipped.Invoke(WasmValue.I32(MemoryBytes - 4), WasmValue.I32(1))[0].AsI32());
        AssertTraps(skipped, WasmValue.I32(MemoryBytes - 2), WasmValue.I32(1));
        AssertTraps(skipped, WasmValue.I32(MemoryBytes - 2), WasmValue.I32(0));
        Function otherArm = instance.GetFunction("check_in_other_arm");
        Assert.Equal(0, otherArm.Invoke(WasmValue.I32(MemoryBytes - 4), WasmValue.I32(0))[0].AsI32());
        AssertTraps(otherArm, WasmValue.I32(MemoryBytes - 2), WasmValue.I32(0));
        AssertTraps(otherArm, WasmValue.I32(MemoryBytes - 4), WasmValue.I32(1));
    }

    [Fact]
    public void AStoreAfterALoadOfTheSameAddressWritesAndMarksItsPage()
    {
        (Instance instance, Memory memory) = Fresh();
        Function increment = instance.GetFunction("increment");
        memory.WriteInt64(MemoryBytes - 8, 41);
        increment.Invoke(WasmValue.I32(MemoryBytes - 8));
        Assert.Equal(42, memory.ReadInt64(MemoryBytes - 8));
        Assert.Equal([15], memory.GetDirtyPages());
        AssertTraps(increment, WasmValue.I32(MemoryBytes - 7));
    }

    [Fact]
    public void AStoreWiderThanTheLoadBeforeItIsCheckedAgain()
    {
        (Instance instance, Memory memory) = Fresh();
        Function store = instance.GetFunction("store_after_narrow_load");
        AssertTraps(store, WasmValue.I32(MemoryBytes - 2), WasmValue.I64(-1));
        AssertTraps(store, WasmValue.I32(MemoryBytes - 7), WasmValue.I64(-1));
        Assert.Empty(memory.GetDirtyPages());
        Assert.Equal(0, memory.ReadInt64(MemoryBytes - 8));
        store.Invoke(WasmValue.I32(MemoryBytes - 8), WasmValue.I64(-1));
        Assert.Equal(-1, memory.ReadInt64(MemoryBytes - 8));
        Assert.Equal([15], memory.GetDirtyPages());
    }

    [Fact]
    public void SimdAccessesFollowTheSameRules()
    {
        (Instance instance, Memory memory) = Fresh();
        Function splatThenLoad = instance.GetFunction("splat_then_v128_load");
        splatThenLoad.Invoke(WasmValue.I32(MemoryBytes - 16));
        AssertTraps(splatThenLoad, WasmValue.I32(MemoryBytes - 4));

        Function addInPlace = instance.GetFunction("v128_add_in_place");
        memory.Write(MemoryBytes - 16, BitConverter.GetBytes(1.5).Concat(BitConverter.GetBytes(2.5)).ToArray());
        memory.ClearDirtyPages();
        addInPlace.Invoke(WasmValue.I32(MemoryBytes - 16), WasmValue.I32(MemoryBytes - 16));
        Assert.Equal(3.0, BitConverter.ToDouble(memory.Read(MemoryBytes - 16, 8)));
        Assert.Equal(5.0, BitConverter.ToDouble(memory.Read(MemoryBytes - 8, 8)));
        Assert.Equal([15], memory.GetDirtyPages());
        AssertTraps(addInPlace, WasmValue.I32(MemoryBytes - 15), WasmValue.I32(0));

        Function laneStore = instance.GetFunction("lane_store_after_scalar_load");
        AssertTraps(laneStore, WasmValue.I32(MemoryBytes - 4), WasmValue.V128(ulong.MaxValue, ulong.MaxValue));
        laneStore.Invoke(WasmValue.I32(MemoryBytes - 8), WasmValue.V128(ulong.MaxValue, ulong.MaxValue));
        Assert.Equal(-1, memory.ReadInt64(MemoryBytes - 8));
    }
}
