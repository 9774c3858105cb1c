using System.Buffers.Binary;
using System.Text;

namespace Plover.Engine.Checkpoints;

/// <summary>
/// Where a checkpoint lives in the store's <c>engine</c> column family: one metadata record at
/// <c>ckpt/meta</c> and one record per non-zero page at <c>ckpt/page/</c> + u32 BE page index.
/// </summary>
public static class CheckpointKeys
{
    public static readonly byte[] Metadata = Encoding.ASCII.GetBytes("ckpt/meta");

    public static readonly byte[] PagePrefix = Encoding.ASCII.GetBytes("ckpt/page/");

    public static byte[] Page(int index)
    {
        byte[] key = new byte[PagePrefix.Length + 4];
        PagePrefix.CopyTo(key, 0);
        BinaryPrimitives.WriteUInt32BigEndian(key.AsSpan(PagePrefix.Length), (uint)index);
        return key;
    }

    /// <summary>The page index of a page key; a key of another shape is corruption.</summary>
    public static int PageOf(ReadOnlySpan<byte> key, ulong checkpoint)
    {
        if (key.Length != PagePrefix.Length + 4 || !key.StartsWith(PagePrefix))
            throw new CheckpointCorruptionException(checkpoint, null, $"a page key of {key.Length} bytes ({Convert.ToHexString(key)}) is not ckpt/page/ + u32");
        uint index = BinaryPrimitives.ReadUInt32BigEndian(key[PagePrefix.Length..]);
        if (index > int.MaxValue) throw new CheckpointCorruptionException(checkpoint, null, $"page key names page {index}, beyond any memory");
        return (int)index;
    }
}
