using System.Runtime.Intrinsics;
using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Simd;

/// <summary>
/// The tricky corners of SIMD semantics, checked lane by lane from the host: NaN propagation and
/// signed zeros in min/max, saturation, rounding, shift counts, shuffle and swizzle indices.
/// </summary>
public class SimdSemanticsTests
{
    private const string Operations = """
        (module
          (func (export "f32x4.min") (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.min)
          (func (export "f32x4.max") (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.max)
          (func (export "f64x2.min") (param v128 v128) (result v128) local.get 0 local.get 1 f64x2.min)
          (func (export "f32x4.pmin") (param v128 v128) (result v128) local.get 0 local.get 1 f32x4.pmin)
          (func (export "f32x4.nearest") (param v128) (result v128) local.get 0 f32x4.nearest)
          (func (export "f32x4.neg") (param v128) (result v128) local.get 0 f32x4.neg)
          (func (export "narrow_s") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.narrow_i16x8_s)
          (func (export "narrow_u") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.narrow_i16x8_u)
          (func (export "narrow32_u") (param v128 v128) (result v128) local.get 0 local.get 1 i16x8.narrow_i32x4_u)
          (func (export "trunc_sat_s") (param v128) (result v128) local.get 0 i32x4.trunc_sat_f32x4_s)
          (func (export "trunc_sat_u") (param v128) (result v128) local.get 0 i32x4.trunc_sat_f32x4_u)
          (func (export "trunc_sat_f64_u") (param v128) (result v128) local.get 0 i32x4.trunc_sat_f64x2_u_zero)
          (func (export "convert_u") (param v128) (result v128) local.get 0 f32x4.convert_i32x4_u)
          (func (export "q15mulr") (param v128 v128) (result v128) local.get 0 local.get 1 i16x8.q15mulr_sat_s)
          (func (export "shl32") (param v128 i32) (result v128) local.get 0 local.get 1 i32x4.shl)
          (func (export "shr8_s") (param v128 i32) (result v128) local.get 0 local.get 1 i8x16.shr_s)
          (func (export "swizzle") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.swizzle)
          (func (export "shuffle") (param v128 v128) (result v128)
            local.get 0 local.get 1 i8x16.shuffle 31 0 30 1 29 2 28 3 16 15 17 14 18 13 19 12)
          (func (export "extract_s") (param v128) (result i32) local.get 0 i8x16.extract_lane_s 15)
          (func (export "bitmask") (param v128) (result i32) local.get 0 i16x8.bitmask)
          (func (export "all_true") (param v128) (result i32) local.get 0 i32x4.all_true))
        """;

    private static readonly Lazy<Instance> Instance = new(() => Wat.Instantiate(Operations));

    private static WasmValue Call(string export, params WasmValue[] arguments) => Instance.Value.GetFunction(export).Invoke(arguments)[0];

    private static WasmValue F32s(params float[] lanes) => WasmValue.V128(Vector128.Create(lanes).AsByte());
    private static WasmValue F64s(params double[] lanes) => WasmValue.V128(Vector128.Create(lanes).AsByte());
    private static WasmValue I32s(params int[] lanes) => WasmValue.V128(Vector128.Create(lanes).AsByte());
    private static WasmValue I16s(params short[] lanes) => WasmValue.V128(Vector128.Create(lanes).AsByte());
    private static WasmValue Bytes16(params byte[] lanes) => WasmValue.V128(Vector128.Create(lanes));
    private static uint[] BitsOf32(WasmValue v) => Enumerable.Range(0, 4).Select(i => v.AsV128().AsUInt32().GetElement(i)).ToArray();

    [Fact]
    public void MinAndMaxPropagateNaNAndOrderNegativeZeroBelowPositiveZero()
    {
        float nan = BitConverter.Int32BitsToSingle(0x7FC0_0001);
        uint[] min = BitsOf32(Call("f32x4.min", F32s(nan, -0f, 0f, 1f), F32s(1f, 0f, -0f, -2f)));
        Assert.Equal(0x7FC0_0000u, min[0] & 0x7FC0_0000u);  // a quiet NaN
        Assert.Equal(0x8000_0000u, min[1]);                   // min(-0, +0) = -0
        Assert.Equal(0x8000_0000u, min[2]);                   // min(+0, -0) = -0
        Assert.Equal((uint)BitConverter.SingleToInt32Bits(-2f), min[3]);

        uint[] max = BitsOf32(Call("f32x4.max", F32s(-0f, 0f, 3f, 1f), F32s(0f, -0f, nan, -2f)));
        Assert.Equal(0u, max[0]);                             // max(-0, +0) = +0
        Assert.Equal(0u, max[1]);
        Assert.True(float.IsNaN(BitConverter.UInt32BitsToSingle(max[2])));
        Assert.Equal((uint)BitConverter.SingleToInt32Bits(1f), max[3]);

        Vector128<double> wide = Call("f64x2.min", F64s(double.NaN, -0.0), F64s(-1.0, 0.0)).AsV128().AsDouble();
        Assert.True(double.IsNaN(wide[0]));
        Assert.True(double.IsNegative(wide[1]) && wide[1] == 0.0);
    }

    [Fact]
    public void PseudoMinimumKeepsTheFirstOperandUnlessTheSecondIsLess()
    {
        uint[] pmin = BitsOf32(Call("f32x4.pmin", F32s(float.NaN, 0f, 1f, -0f), F32s(0f, float.NaN, 0.5f, 0f)));
        Assert.True(float.IsNaN(BitConverter.UInt32BitsToSingle(pmin[0])));  // NaN < x is false: keep a
        Assert.Equal(0u, pmin[1]);                                             // x < NaN is false: keep a
        Assert.Equal((uint)BitConverter.SingleToInt32Bits(0.5f), pmin[2]);
        Assert.Equal(0x8000_0000u, pmin[3]);                                   // +0 < -0 is false: keep -0
    }

    [Fact]
    public void NegationFlipsOnlyTheSignBitOfNaNs()
    {
        uint[] negated = BitsOf32(Call("f32x4.neg", WasmValue.V128(Vector128.Create(0x7FA0_0001u, 0xFFC0_0000u, 0u, 0x3F80_0000u).AsByte())));
        Assert.Equal([0xFFA0_0001u, 0x7FC0_0000u, 0x8000_0000u, 0xBF80_0000u], negated);
    }

    [Fact]
    public void NearestRoundsHalfToEven()
    {
        Vector128<float> rounded = Call("f32x4.nearest", F32s(2.5f, 3.5f, -0.5f, 1.4999999f)).AsV128().AsSingle();
        Assert.Equal(2f, rounded[0]);
        Assert.Equal(4f, rounded[1]);
        Assert.Equal(0x8000_0000u, BitConverter.SingleToUInt32Bits(rounded[2]));  // -0.5 rounds to -0
        Assert.Equal(1f, rounded[3]);
    }

    [Fact]
    public void NarrowingSaturatesSignedInputs()
    {
        WasmValue a = I16s(300, -300, 127, -128, 128, -129, 0, 255);
        WasmValue b = I16s(1, -1, 32767, -32768, 256, 255, 254, 2);
        Vector128<sbyte> signed = Call("narrow_s", a, b).AsV128().AsSByte();
        Assert.Equal(new sbyte[] { 127, -128, 127, -128, 127, -128, 0, 127, 1, -1, 127, -128, 127, 127, 127, 2 }, Lanes(signed));
        Vector128<byte> unsigned = Call("narrow_u", a, b).AsV128();
        Assert.Equal(new byte[] { 255, 0, 127, 0, 128, 0, 0, 255, 1, 0, 255, 0, 255, 255, 254, 2 }, Lanes(unsigned));
        Vector128<ushort> wide = Call("narrow32_u", I32s(-1, 65536, 65535, 70000), I32s(int.MinValue, int.MaxValue, 1, 0)).AsV128().AsUInt16();
        Assert.Equal(new ushort[] { 0, 65535, 65535, 65535, 0, 65535, 1, 0 }, Lanes(wide));
    }

    [Fact]
    public void SaturatingTruncationMapsNaNToZeroAndClampsToTheBounds()
    {
        Vector128<int> signed = Call("trunc_sat_s", F32s(float.NaN, 3e9f, -3e9f, -1.9f)).AsV128().AsInt32();
        Assert.Equal(new[] { 0, int.MaxValue, int.MinValue, -1 }, Lanes(signed));
        Vector128<uint> unsigned = Call("trunc_sat_u", F32s(float.NaN, 5e9f, -1f, 3e9f)).AsV128().AsUInt32();
        Assert.Equal(new[] { 0u, uint.MaxValue, 0u, 3_000_000_000u }, Lanes(unsigned));
        Vector128<uint> fromF64 = Call("trunc_sat_f64_u", F64s(4294967295.9, -0.5)).AsV128().AsUInt32();
        Assert.Equal(new[] { uint.MaxValue, 0u, 0u, 0u }, Lanes(fromF64));
    }

    [Fact]
    public void UnsignedConversionRoundsToNearest()
    {
        Vector128<float> converted = Call("convert_u", WasmValue.V128(Vector128.Create(uint.MaxValue, 0x8000_0081u, 16_777_217u, 1u).AsByte())).AsV128().AsSingle();
        Assert.Equal(new[] { 4294967296f, 2147483904f, 16777216f, 1f }, Lanes(converted));
    }

    [Fact]
    public void Q15MultiplicationSaturatesTheOneOverflowingProduct()
    {
        Vector128<short> product = Call("q15mulr", I16s(short.MinValue, short.MinValue, 16384, -32768, 1, 0, 32767, 100),
            I16s(short.MinValue, 32767, 16384, 32767, 16384, 5, 32767, -100)).AsV128().AsInt16();
        Assert.Equal(new short[] { 32767, -32767, 8192, -32767, 1, 0, 32766, 0 }, Lanes(product));
    }

    [Fact]
    public void ShiftCountsAreTakenModuloTheLaneWidth()
    {
        Assert.Equal(new[] { 2, 4, 6, -2 }, Lanes(Call("shl32", I32s(1, 2, 3, -1), WasmValue.I32(33)).AsV128().AsInt32()));
        Assert.Equal(new[] { 1, 2, 3, -1 }, Lanes(Call("shl32", I32s(1, 2, 3, -1), WasmValue.I32(32)).AsV128().AsInt32()));
        Vector128<sbyte> shifted = Call("shr8_s", Bytes16(0x80, 0x40, 0xFF, 0x7F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), WasmValue.I32(9)).AsV128().AsSByte();
        Assert.Equal(new sbyte[] { -64, 32, -1, 63 }, Lanes(shifted)[..4]);
    }

    [Fact]
    public void SwizzleGivesZeroForIndicesPastTheLastLane()
    {
        WasmValue table = Bytes16(10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25);
        WasmValue indices = Bytes16(0, 15, 16, 255, 128, 3, 31, 1, 0, 0, 0, 0, 0, 0, 0, 0);
        Assert.Equal(new byte[] { 10, 25, 0, 0, 0, 13, 0, 11 }, Lanes(Call("swizzle", table, indices).AsV128())[..8]);
    }

    [Fact]
    public void ShufflePicksFromBothOperands()
    {
        WasmValue a = Bytes16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        WasmValue b = Bytes16(100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115);
        Assert.Equal(new byte[] { 115, 0, 114, 1, 113, 2, 112, 3, 100, 15, 101, 14, 102, 13, 103, 12 }, Lanes(Call("shuffle", a, b).AsV128()));
    }

    [Fact]
    public void LaneTestsAndMasks()
    {
        Assert.Equal(-1, Call("extract_s", Bytes16(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF)).AsI32());
        Assert.Equal(0b1000_0101, Call("bitmask", I16s(-1, 0, short.MinValue, 5, 0, 0, 0, -7)).AsI32());
        Assert.Equal(1, Call("all_true", I32s(1, -1, 256, int.MinValue)).AsI32());
        Assert.Equal(0, Call("all_true", I32s(1, -1, 0, int.MinValue)).AsI32());
    }

    private static T[] Lanes<T>(Vector128<T> vector) => Enumerable.Range(0, Vector128<T>.Count).Select(i => vector.GetElement(i)).ToArray();
}
