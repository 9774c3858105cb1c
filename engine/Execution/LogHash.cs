using System.Buffers.Binary;
using Plover.Sandbox.Hashing;

namespace Plover.Engine.Execution;

/// <summary>
/// A running hash of every log payload executed, in order: hosts compare it at each epoch, so an
/// executed order that differs anywhere is caught at the next sync.
/// </summary>
public sealed class LogHash
{
    public ulong Value { get; private set; }

    public ulong Entries { get; private set; }

    public void Add(ulong slot, ReadOnlySpan<byte> payload)
    {
        Span<byte> link = stackalloc byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(link, Value);
        BinaryPrimitives.WriteUInt64LittleEndian(link[8..], slot);
        BinaryPrimitives.WriteUInt64LittleEndian(link[16..], Xxh3.Hash(payload));
        Value = Xxh3.Hash(link);
        Entries++;
    }

    /// <summary>Continues the chain of a checkpoint, which recorded the value and count at its slot.</summary>
    public void Restore(ulong value, ulong entries)
    {
        Value = value;
        Entries = entries;
    }
}
