using System.Buffers.Binary;
using System.Text;
using Plover.Consensus.Storage;

namespace Plover.Engine.Checkpoints;

/// <summary>
/// The last snapshot consensus installed (its slot and the leader's offer), kept at
/// <c>snapshot/pending</c> in the engine column family and written in the same atomic batch that
/// truncates the log to it. A node stopped after that batch but before its transferred checkpoint
/// was written finds its log starting past its own checkpoint: with this record it resumes the
/// transfer at start instead of being unable to start.
/// </summary>
public static class PendingSnapshot
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("snapshot/pending");

    private const int SlotBytes = 8;

    public static EngineWrite Write(ulong slot, ReadOnlySpan<byte> offer)
    {
        byte[] value = new byte[SlotBytes + offer.Length];
        BinaryPrimitives.WriteUInt64BigEndian(value, slot);
        offer.CopyTo(value.AsSpan(SlotBytes));
        return new EngineWrite(Key, value);
    }

    /// <summary>The stored snapshot, or null when consensus never installed one.</summary>
    public static (ulong Slot, byte[] Offer)? Read(ILogStore store)
    {
        byte[]? value = store.ReadEngineValue(Key);
        if (value is null) return null;
        if (value.Length < SlotBytes)
            throw new CheckpointCorruptionException(null, null, $"snapshot/pending holds {value.Length} bytes, fewer than its slot");
        return (BinaryPrimitives.ReadUInt64BigEndian(value), value[SlotBytes..]);
    }
}
