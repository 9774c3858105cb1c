namespace Plover.Sandbox.Guest.State;

/// <summary>
/// One global of a captured guest, exported or not: its type and its value as raw bits (i32 and
/// f32 zero-extended; a funcref as its function index, or <see cref="NullReference"/>).
/// </summary>
public readonly record struct GuestGlobal(ValueKind Kind, bool Mutable, ulong Bits)
{
    /// <summary>The bits of a null funcref.</summary>
    public const ulong NullReference = ulong.MaxValue;
}

/// <summary>One table of a captured guest: its element type and each element as a function index, or -1 for null.</summary>
public sealed record GuestTable(ValueKind ElementType, int[] Elements)
{
    public const int NullElement = -1;
}

/// <summary>A 4 KiB page of linear memory: its index and its 4,096 bytes.</summary>
public readonly record struct GuestPage(int Index, byte[] Bytes);
