namespace Plover.Sandbox;

/// <summary>How a SIMD instruction's immediates look and how it touches memory.</summary>
internal enum SimdForm
{
    /// <summary>No immediate: pops its operands, pushes its result.</summary>
    Plain,
    /// <summary><c>v128.const</c>: 16 bytes.</summary>
    Constant,
    /// <summary><c>i8x16.shuffle</c>: 16 lane indices into the concatenation of both operands.</summary>
    Shuffle,
    /// <summary>extract_lane / replace_lane: one lane index.</summary>
    Lane,
    /// <summary>A load of <see cref="SimdInstruction.AccessBytes"/> bytes: memarg.</summary>
    Load,
    /// <summary><c>v128.store</c>: memarg.</summary>
    Store,
    /// <summary>load*_lane: memarg and a lane index.</summary>
    LoadLane,
    /// <summary>store*_lane: memarg and a lane index.</summary>
    StoreLane,
}

/// <summary>
/// One instruction of the fixed-width SIMD proposal (prefix 0xFD): its sub-opcode, text name, form,
/// operand and result types, bytes accessed (memory forms) and lane count (lane immediates).
/// </summary>
internal sealed record SimdInstruction(int SubOpcode, string Name, SimdForm Form, ValueKind[] Operands, ValueKind? Result, int AccessBytes, int Lanes)
{
    /// <summary>The opcode value of this instruction: 0xFD00 plus its sub-opcode.</summary>
    public Opcode Opcode => (Opcode)(Opcodes.SimdBase + SubOpcode);

    /// <summary>
    /// The name of the method implementing it in <c>SimdOperations</c> or <c>SimdMemoryAccess</c>:
    /// the text name in Pascal case ("i8x16.add_sat_s" is "I8x16AddSatS").
    /// </summary>
    public string HelperName { get; } = string.Concat(Name.Split('.', '_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}

/// <summary>
/// The table of every SIMD instruction, by sub-opcode. Each line: sub-opcode (hex), text name, then
/// either a signature (operand letters, colon, result letter; i = i32, l = i64, f = f32, d = f64,
/// v = v128), <c>L</c> and a lane count plus a signature (lane immediates), <c>M</c>/<c>S</c> and
/// the bytes a load/store moves, <c>LL</c>/<c>SL</c> and a lane's bytes, <c>C</c> (const) or
/// <c>H</c> (shuffle). Sub-opcodes missing from it (reserved ones, relaxed SIMD) are refused.
/// </summary>
internal static class SimdInstructions
{
    /// <summary>Sub-opcodes of the final proposal are below this; relaxed SIMD starts at 0x100.</summary>
    public const int SubOpcodeLimit = 0x100;

    private static readonly string[] Definitions =
    [
        "00 v128.load M16",
        "01 v128.load8x8_s M8",
        "02 v128.load8x8_u M8",
        "03 v128.load16x4_s M8",
        "04 v128.load16x4_u M8",
        "05 v128.load32x2_s M8",
        "06 v128.load32x2_u M8",
        "07 v128.load8_splat M1",
        "08 v128.load16_splat M2",
        "09 v128.load32_splat M4",
        "0a v128.load64_splat M8",
        "0b v128.store S16",
        "0c v128.const C",
        "0d i8x16.shuffle H",
        "0e i8x16.swizzle vv:v",
        "0f i8x16.splat i:v",
        "10 i16x8.splat i:v",
        "11 i32x4.splat i:v",
        "12 i64x2.splat l:v",
        "13 f32x4.splat f:v",
        "14 f64x2.splat d:v",
        "15 i8x16.extract_lane_s L16 v:i",
        "16 i8x16.extract_lane_u L16 v:i",
        "17 i8x16.replace_lane L16 vi:v",
        "18 i16x8.extract_lane_s L8 v:i",
        "19 i16x8.extract_lane_u L8 v:i",
        "1a i16x8.replace_lane L8 vi:v",
        "1b i32x4.extract_lane L4 v:i",
        "1c i32x4.replace_lane L4 vi:v",
        "1d i64x2.extract_lane L2 v:l",
        "1e i64x2.replace_lane L2 vl:v",
        "1f f32x4.extract_lane L4 v:f",
        "20 f32x4.replace_lane L4 vf:v",
        "21 f64x2.extract_lane L2 v:d",
        "22 f64x2.replace_lane L2 vd:v",
        "23 i8x16.eq vv:v",
        "24 i8x16.ne vv:v",
        "25 i8x16.lt_s vv:v",
        "26 i8x16.lt_u vv:v",
        "27 i8x16.gt_s vv:v",
        "28 i8x16.gt_u vv:v",
        "29 i8x16.le_s vv:v",
        "2a i8x16.le_u vv:v",
        "2b i8x16.ge_s vv:v",
        "2c i8x16.ge_u vv:v",
        "2d i16x8.eq vv:v",
        "2e i16x8.ne vv:v",
        "2f i16x8.lt_s vv:v",
        "30 i16x8.lt_u vv:v",
        "31 i16x8.gt_s vv:v",
        "32 i16x8.gt_u vv:v",
        "33 i16x8.le_s vv:v",
        "34 i16x8.le_u vv:v",
        "35 i16x8.ge_s vv:v",
        "36 i16x8.ge_u vv:v",
        "37 i32x4.eq vv:v",
        "38 i32x4.ne vv:v",
        "39 i32x4.lt_s vv:v",
        "3a i32x4.lt_u vv:v",
        "3b i32x4.gt_s vv:v",
        "3c i32x4.gt_u vv:v",
        "3d i32x4.le_s vv:v",
        "3e i32x4.le_u vv:v",
        "3f i32x4.ge_s vv:v",
        "40 i32x4.ge_u vv:v",
        "41 f32x4.eq vv:v",
        "42 f32x4.ne vv:v",
        "43 f32x4.lt vv:v",
        "44 f32x4.gt vv:v",
        "45 f32x4.le vv:v",
        "46 f32x4.ge vv:v",
        "47 f64x2.eq vv:v",
        "48 f64x2.ne vv:v",
        "49 f64x2.lt vv:v",
        "4a f64x2.gt vv:v",
        "4b f64x2.le vv:v",
        "4c f64x2.ge vv:v",
        "4d v128.not v:v",
        "4e v128.and vv:v",
        "4f v128.andnot vv:v",
        "50 v128.or vv:v",
        "51 v128.xor vv:v",
        "52 v128.bitselect vvv:v",
        "53 v128.any_true v:i",
        "54 v128.load8_lane LL1",
        "55 v128.load16_lane LL2",
        "56 v128.load32_lane LL4",
        "57 v128.load64_lane LL8",
        "58 v128.store8_lane SL1",
        "59 v128.store16_lane SL2",
        "5a v128.store32_lane SL4",
        "5b v128.store64_lane SL8",
        "5c v128.load32_zero M4",
        "5d v128.load64_zero M8",
        "5e f32x4.demote_f64x2_zero v:v",
        "5f f64x2.promote_low_f32x4 v:v",
        "60 i8x16.abs v:v",
        "61 i8x16.neg v:v",
        "62 i8x16.popcnt v:v",
        "63 i8x16.all_true v:i",
        "64 i8x16.bitmask v:i",
        "65 i8x16.narrow_i16x8_s vv:v",
        "66 i8x16.narrow_i16x8_u vv:v",
        "67 f32x4.ceil v:v",
        "68 f32x4.floor v:v",
        "69 f32x4.trunc v:v",
        "6a f32x4.nearest v:v",
        "6b i8x16.shl vi:v",
        "6c i8x16.shr_s vi:v",
        "6d i8x16.shr_u vi:v",
        "6e i8x16.add vv:v",
        "6f i8x16.add_sat_s vv:v",
        "70 i8x16.add_sat_u vv:v",
        "71 i8x16.sub vv:v",
        "72 i8x16.sub_sat_s vv:v",
        "73 i8x16.sub_sat_u vv:v",
        "74 f64x2.ceil v:v",
        "75 f64x2.floor v:v",
        "76 i8x16.min_s vv:v",
        "77 i8x16.min_u vv:v",
        "78 i8x16.max_s vv:v",
        "79 i8x16.max_u vv:v",
        "7a f64x2.trunc v:v",
        "7b i8x16.avgr_u vv:v",
        "7c i16x8.extadd_pairwise_i8x16_s v:v",
        "7d i16x8.extadd_pairwise_i8x16_u v:v",
        "7e i32x4.extadd_pairwise_i16x8_s v:v",
        "7f i32x4.extadd_pairwise_i16x8_u v:v",
        "80 i16x8.abs v:v",
        "81 i16x8.neg v:v",
        "82 i16x8.q15mulr_sat_s vv:v",
        "83 i16x8.all_true v:i",
        "84 i16x8.bitmask v:i",
        "85 i16x8.narrow_i32x4_s vv:v",
        "86 i16x8.narrow_i32x4_u vv:v",
        "87 i16x8.extend_low_i8x16_s v:v",
        "88 i16x8.extend_high_i8x16_s v:v",
        "89 i16x8.extend_low_i8x16_u v:v",
        "8a i16x8.extend_high_i8x16_u v:v",
        "8b i16x8.shl vi:v",
        "8c i16x8.shr_s vi:v",
        "8d i16x8.shr_u vi:v",
        "8e i16x8.add vv:v",
        "8f i16x8.add_sat_s vv:v",
        "90 i16x8.add_sat_u vv:v",
        "91 i16x8.sub vv:v",
        "92 i16x8.sub_sat_s vv:v",
        "93 i16x8.sub_sat_u vv:v",
        "94 f64x2.nearest v:v",
        "95 i16x8.mul vv:v",
        "96 i16x8.min_s vv:v",
        "97 i16x8.min_u vv:v",
        "98 i16x8.max_s vv:v",
        "99 i16x8.max_u vv:v",
        "9b i16x8.avgr_u vv:v",
        "9c i16x8.extmul_low_i8x16_s vv:v",
        "9d i16x8.extmul_high_i8x16_s vv:v",
        "9e i16x8.extmul_low_i8x16_u vv:v",
        "9f i16x8.extmul_high_i8x16_u vv:v",
        "a0 i32x4.abs v:v",
        "a1 i32x4.neg v:v",
        "a3 i32x4.all_true v:i",
        "a4 i32x4.bitmask v:i",
        "a7 i32x4.extend_low_i16x8_s v:v",
        "a8 i32x4.extend_high_i16x8_s v:v",
        "a9 i32x4.extend_low_i16x8_u v:v",
        "aa i32x4.extend_high_i16x8_u v:v",
        "ab i32x4.shl vi:v",
        "ac i32x4.shr_s vi:v",
        "ad i32x4.shr_u vi:v",
        "ae i32x4.add vv:v",
        "b1 i32x4.sub vv:v",
        "b5 i32x4.mul vv:v",
        "b6 i32x4.min_s vv:v",
        "b7 i32x4.min_u vv:v",
        "b8 i32x4.max_s vv:v",
        "b9 i32x4.max_u vv:v",
        "ba i32x4.dot_i16x8_s vv:v",
        "bc i32x4.extmul_low_i16x8_s vv:v",
        "bd i32x4.extmul_high_i16x8_s vv:v",
        "be i32x4.extmul_low_i16x8_u vv:v",
        "bf i32x4.extmul_high_i16x8_u vv:v",
        "c0 i64x2.abs v:v",
        "c1 i64x2.neg v:v",
        "c3 i64x2.all_true v:i",
        "c4 i64x2.bitmask v:i",
        "c7 i64x2.extend_low_i32x4_s v:v",
        "c8 i64x2.extend_high_i32x4_s v:v",
        "c9 i64x2.extend_low_i32x4_u v:v",
        "ca i64x2.extend_high_i32x4_u v:v",
        "cb i64x2.shl vi:v",
        "cc i64x2.shr_s vi:v",
        "cd i64x2.shr_u vi:v",
        "ce i64x2.add vv:v",
        "d1 i64x2.sub vv:v",
        "d5 i64x2.mul vv:v",
        "d6 i64x2.eq vv:v",
        "d7 i64x2.ne vv:v",
        "d8 i64x2.lt_s vv:v",
        "d9 i64x2.gt_s vv:v",
        "da i64x2.le_s vv:v",
        "db i64x2.ge_s vv:v",
        "dc i64x2.extmul_low_i32x4_s vv:v",
        "dd i64x2.extmul_high_i32x4_s vv:v",
        "de i64x2.extmul_low_i32x4_u vv:v",
        "df i64x2.extmul_high_i32x4_u vv:v",
        "e0 f32x4.abs v:v",
        "e1 f32x4.neg v:v",
        "e3 f32x4.sqrt v:v",
        "e4 f32x4.add vv:v",
        "e5 f32x4.sub vv:v",
        "e6 f32x4.mul vv:v",
        "e7 f32x4.div vv:v",
        "e8 f32x4.min vv:v",
        "e9 f32x4.max vv:v",
        "ea f32x4.pmin vv:v",
        "eb f32x4.pmax vv:v",
        "ec f64x2.abs v:v",
        "ed f64x2.neg v:v",
        "ef f64x2.sqrt v:v",
        "f0 f64x2.add vv:v",
        "f1 f64x2.sub vv:v",
        "f2 f64x2.mul vv:v",
        "f3 f64x2.div vv:v",
        "f4 f64x2.min vv:v",
        "f5 f64x2.max vv:v",
        "f6 f64x2.pmin vv:v",
        "f7 f64x2.pmax vv:v",
        "f8 i32x4.trunc_sat_f32x4_s v:v",
        "f9 i32x4.trunc_sat_f32x4_u v:v",
        "fa f32x4.convert_i32x4_s v:v",
        "fb f32x4.convert_i32x4_u v:v",
        "fc i32x4.trunc_sat_f64x2_s_zero v:v",
        "fd i32x4.trunc_sat_f64x2_u_zero v:v",
        "fe f64x2.convert_low_i32x4_s v:v",
        "ff f64x2.convert_low_i32x4_u v:v",
    ];

    private static readonly SimdInstruction?[] BySubOpcode = Build();

    /// <summary>The instruction with sub-opcode <paramref name="subOpcode"/>, if the engine implements it.</summary>
    public static bool TryGet(uint subOpcode, out SimdInstruction instruction)
    {
        instruction = subOpcode < SubOpcodeLimit ? BySubOpcode[subOpcode]! : null!;
        return instruction is not null;
    }

    /// <summary>The instruction with <paramref name="opcode"/> (0xFD00 plus its sub-opcode), which must exist.</summary>
    public static SimdInstruction Of(Opcode opcode) =>
        TryGet((uint)(opcode - Opcodes.SimdBase), out SimdInstruction instruction)
            ? instruction
            : throw new InvalidOperationException($"opcode 0x{(int)opcode:X4} is not a SIMD instruction");

    /// <summary>Every instruction, by sub-opcode.</summary>
    public static IEnumerable<SimdInstruction> All => BySubOpcode.OfType<SimdInstruction>();

    private static SimdInstruction?[] Build()
    {
        var table = new SimdInstruction?[SubOpcodeLimit];
        foreach (string definition in Definitions)
        {
            SimdInstruction instruction = Parse(definition);
            if (table[instruction.SubOpcode] is not null) throw new InvalidOperationException($"SIMD sub-opcode 0x{instruction.SubOpcode:X2} defined twice");
            table[instruction.SubOpcode] = instruction;
        }
        return table;
    }

    private static SimdInstruction Parse(string definition)
    {
        string[] parts = definition.Split(' ');
        int sub = Convert.ToInt32(parts[0], 16);
        string name = parts[1];
        string form = parts[2];
        ValueKind[] address = [ValueKind.I32];
        ValueKind[] addressAndVector = [ValueKind.I32, ValueKind.V128];
        if (form == "C") return new(sub, name, SimdForm.Constant, [], ValueKind.V128, 0, 0);
        if (form == "H") return new(sub, name, SimdForm.Shuffle, [ValueKind.V128, ValueKind.V128], ValueKind.V128, 0, 32);
        if (form.StartsWith("LL", StringComparison.Ordinal)) return LaneAccess(sub, name, SimdForm.LoadLane, form, addressAndVector, ValueKind.V128);
        if (form.StartsWith("SL", StringComparison.Ordinal)) return LaneAccess(sub, name, SimdForm.StoreLane, form, addressAndVector, null);
        if (form[0] == 'M') return new(sub, name, SimdForm.Load, address, ValueKind.V128, int.Parse(form[1..]), 0);
        if (form[0] == 'S') return new(sub, name, SimdForm.Store, addressAndVector, null, int.Parse(form[1..]), 0);
        if (form[0] == 'L')
        {
            (ValueKind[] lanedOperands, ValueKind lanedResult) = Signature(parts[3]);
            return new(sub, name, SimdForm.Lane, lanedOperands, lanedResult, 0, int.Parse(form[1..]));
        }
        (ValueKind[] operands, ValueKind result) = Signature(form);
        return new(sub, name, SimdForm.Plain, operands, result, 0, 0);
    }

    private static SimdInstruction LaneAccess(int sub, string name, SimdForm form, string text, ValueKind[] operands, ValueKind? result)
    {
        int bytes = int.Parse(text[2..]);
        return new(sub, name, form, operands, result, bytes, 16 / bytes);
    }

    private static (ValueKind[] Operands, ValueKind Result) Signature(string text)
    {
        int colon = text.IndexOf(':');
        return ([.. text[..colon].Select(Letter)], Letter(text[colon + 1]));
    }

    private static ValueKind Letter(char letter) => letter switch
    {
        'i' => ValueKind.I32,
        'l' => ValueKind.I64,
        'f' => ValueKind.F32,
        'd' => ValueKind.F64,
        'v' => ValueKind.V128,
        _ => throw new InvalidOperationException($"unknown type letter '{letter}' in the SIMD table"),
    };
}
