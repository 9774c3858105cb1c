using System.Reflection;
using System.Runtime.Intrinsics;
using Plover.Sandbox.Execution;
using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Simd;

/// <summary>
/// Decoding and validation of SIMD code: lane immediates out of range, v128 operand typing, natural
/// alignment, and the clear refusal of SIMD the engine does not implement (relaxed SIMD, reserved opcodes).
/// </summary>
public class SimdValidationTests
{
    private static WasmModuleException Refused(string text) => Assert.Throws<WasmModuleException>(() => Wat.Compile(text));

    private static WasmModuleException Refused(byte[] bytes) => Assert.Throws<WasmModuleException>(() => Module.Compile(bytes));

    [Theory]
    [InlineData("i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 32", "invalid lane index 32")]
    [InlineData("i8x16.shuffle 255 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15", "invalid lane index 255")]
    public void ShuffleLanesPastThirtyOneAreInvalid(string shuffle, string reason)
    {
        // wat2wasm refuses such lanes itself: write the binary with a valid shuffle, then patch the lane byte.
        string valid = shuffle.Replace("32", "31").Replace("255", "0");
        byte[] bytes = Wat.ToWasm($"(module (func (result v128) v128.const i64x2 0 0 v128.const i64x2 0 0 {valid}))");
        int at = IndexOfShuffle(bytes);
        bytes[at + (shuffle.Contains("32") ? 15 : 0)] = shuffle.Contains("32") ? (byte)32 : (byte)255;
        WasmModuleException e = Refused(bytes);
        Assert.Equal(ModuleErrorKind.Invalid, e.Kind);
        Assert.Contains(reason, e.Reason);
    }

    private static int IndexOfShuffle(byte[] bytes)
    {
        for (int i = bytes.Length - 18; i >= 0; i--)
            if (bytes[i] == 0xFD && bytes[i + 1] == 0x0D) return i + 2;
        throw new InvalidOperationException("no i8x16.shuffle in the module");
    }

    [Fact]
    public void ExtractLanePastTheLaneCountIsInvalid()
    {
        byte[] bytes = Wat.ToWasm("(module (func (result i32) v128.const i64x2 0 0 i32x4.extract_lane 3))");
        bytes[Array.LastIndexOf(bytes, (byte)0x1B) + 1] = 4;   // i32x4.extract_lane is 0xFD 0x1B, then the lane
        WasmModuleException e = Refused(bytes);
        Assert.Equal(ModuleErrorKind.Invalid, e.Kind);
        Assert.Contains("invalid lane index 4", e.Reason);
    }

    [Fact]
    public void OperandsAreTypedAsV128()
    {
        WasmModuleException e = Refused("(module (func (result v128) i32.const 1 i32.const 2 i32x4.add))");
        Assert.Equal(ModuleErrorKind.Invalid, e.Kind);
        Assert.Contains("type mismatch", e.Reason);
        Assert.Equal(ModuleErrorKind.Invalid, Refused("(module (func (result i32) v128.const i64x2 0 0))").Kind);
        Assert.Equal(ModuleErrorKind.Invalid, Refused("(module (func (param v128) (result v128) local.get 0 i32.const 1 i8x16.shl drop i64.const 1))").Kind);
    }

    [Fact]
    public void AlignmentPastTheNaturalOneIsInvalid()
    {
        Wat.Compile("(module (memory 1) (func (result v128) i32.const 0 v128.load align=16))");
        Assert.Contains("alignment", Refused("(module (memory 1) (func (result v128) i32.const 0 v128.load align=32))").Reason);
        Assert.Contains("alignment", Refused("(module (memory 1) (func (result v128) i32.const 0 v128.load8x8_s align=16))").Reason);
        Assert.Contains("alignment", Refused("(module (memory 1) (func (param v128) (result v128) i32.const 0 local.get 0 v128.load16_lane align=4 0))").Reason);
        Assert.Equal(ModuleErrorKind.Invalid, Refused("(module (func (result v128) i32.const 0 v128.load))").Kind);   // no memory
    }

    [Theory]
    [InlineData(0x100u, "0xFD 0x100")]   // i8x16.relaxed_swizzle
    [InlineData(0x113u, "0xFD 0x113")]   // relaxed SIMD's last
    [InlineData(0x9Au, "0xFD 0x9A")]     // reserved in the final proposal
    public void UnimplementedSimdOpcodesAreRefusedAsUnsupported(uint subOpcode, string named)
    {
        byte[] sub = Leb(subOpcode);
        byte[] code = [0x00, 0xFD, .. sub, 0x0B];
        byte[] bytes = Bytes.Module((1, [0x01, 0x60, 0x00, 0x00]), (3, [0x01, 0x00]), (10, [0x01, (byte)code.Length, .. code]));
        WasmModuleException e = Refused(bytes);
        Assert.Equal(ModuleErrorKind.Unsupported, e.Kind);
        Assert.Contains(named, e.Reason);
    }

    private static byte[] Leb(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    [Fact]
    public void TheTableHasEveryInstructionOfTheFinalProposalWithAMatchingHelper()
    {
        Assert.Equal(236, SimdInstructions.All.Count());
        foreach (SimdInstruction simd in SimdInstructions.All)
        {
            Type helpers = simd.Form is SimdForm.Load or SimdForm.Store or SimdForm.LoadLane or SimdForm.StoreLane ? typeof(SimdMemoryAccess) : typeof(SimdOperations);
            MethodInfo? method = helpers.GetMethod(simd.HelperName, BindingFlags.Public | BindingFlags.Static);
            Assert.True(method is not null, $"no helper {simd.HelperName} for {simd.Name}");
            Type[] parameters = method!.GetParameters().Select(p => p.ParameterType).ToArray();
            Type[] operands = simd.Operands.Select(ClrType).ToArray();
            Assert.True(parameters.Take(operands.Length).SequenceEqual(operands), $"{simd.Name}: helper takes {string.Join(", ", parameters.Select(p => p.Name))}");
            // v128.store returns its effective address: compiled code marks the dirty pages itself.
            Type expected = simd.Form == SimdForm.Store ? typeof(long) : simd.Result is ValueKind result ? ClrType(result) : typeof(void);
            Assert.Equal(expected, method.ReturnType);
        }
    }

    private static Type ClrType(ValueKind type) => type switch
    {
        ValueKind.I32 => typeof(int),
        ValueKind.I64 => typeof(long),
        ValueKind.F32 => typeof(float),
        ValueKind.F64 => typeof(double),
        _ => typeof(Vector128<byte>),
    };
}
