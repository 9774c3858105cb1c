namespace Plover.Sandbox.Decoding;

/// <summary>The type of a block, loop or if: empty, one value type, or a type index.</summary>
internal readonly record struct BlockType(ValueKind? Value, int TypeIndex)
{
    public static readonly BlockType Empty = new(null, -1);

    public bool IsTypeIndex => TypeIndex >= 0;
}

/// <summary>
/// One decoded instruction. Which immediates are meaningful depends on the opcode:
/// <list type="bullet">
/// <item><see cref="Index"/>: local, global, function, type, label, table, data or element index; the memarg alignment exponent.</item>
/// <item><see cref="Index2"/>: second index (call_indirect's table, table.copy's source, table.init's table); memarg offset.</item>
/// <item><see cref="Bits"/>: the constant of i32/i64/f32/f64.const as raw bits; the low 8 bytes of v128.const or of i8x16.shuffle's lane indices (little-endian).</item>
/// <item><see cref="Bits2"/>: the high 8 bytes of v128.const or of i8x16.shuffle's lane indices.</item>
/// <item><see cref="Lane"/>: the lane index of extract_lane, replace_lane, load*_lane and store*_lane.</item>
/// <item><see cref="Targets"/>: br_table's labels, the default last.</item>
/// </list>
/// </summary>
internal struct Instruction
{
    public Opcode Opcode;
    public int Offset;
    public uint Index;
    public uint Index2;
    public long Bits;
    public long Bits2;
    public byte Lane;
    public BlockType Block;
    public ValueKind Type;
    public uint[]? Targets;

    /// <summary>For loads and stores: the static offset of the memory argument.</summary>
    public readonly uint MemoryOffset => Index2;

    /// <summary>For loads and stores: log2 of the alignment hint.</summary>
    public readonly uint AlignmentExponent => Index;
}
