using Plover.Consensus;
using Plover.Consensus.Messages;

namespace Plover.Simulation;

/// <summary>One applied proposal (or no-op slot) as the simulated service recorded it.</summary>
internal readonly record struct Executed(ulong Slot, int Index, bool IsNoOp, ulong PayloadId);

/// <summary>
/// The simulated service: it "executes" committed entries by recording them in order, which makes
/// its whole state comparable across replicas. Its snapshot (checkpoints and catch-up past
/// truncation) is that record, encoded.
/// </summary>
internal sealed class ExecutedLog
{
    private readonly List<Executed> _entries;

    public ExecutedLog() : this([], 0) { }

    private ExecutedLog(List<Executed> entries, ulong lastSlot)
    {
        _entries = entries;
        LastSlot = lastSlot;
    }

    /// <summary>Every slot up to here has been applied (or came with a snapshot).</summary>
    public ulong LastSlot { get; private set; }

    public IReadOnlyList<Executed> Entries => _entries;

    /// <summary>Applies one committed entry; they must arrive in slot order, proposals of a slot in index order.</summary>
    public Executed Apply(CommittedEntry committed)
    {
        bool continuesSlot = _entries.Count > 0 && _entries[^1].Slot == committed.Slot && _entries[^1].Index + 1 == committed.Index;
        bool startsNextSlot = committed.Slot == LastSlot + 1 && committed.Index == 0;
        if (!continuesSlot && !startsNextSlot)
            throw new SimulationViolationException($"committed entry {committed} applied out of order after slot {LastSlot}");
        if (!committed.IsNoOp && !Payloads.IsIntact(committed.Payload))
            throw new SimulationViolationException($"committed entry {committed} carries a damaged payload");
        var executed = new Executed(committed.Slot, committed.Index, committed.IsNoOp, committed.IsNoOp ? 0 : Payloads.IdOf(committed.Payload));
        _entries.Add(executed);
        LastSlot = committed.Slot;
        return executed;
    }

    /// <summary>The encoded state as of <see cref="LastSlot"/>.</summary>
    public byte[] Snapshot()
    {
        var writer = new WireWriter(16 + _entries.Count * 12);
        writer.WriteVarUInt64(LastSlot);
        writer.WriteVarUInt64((ulong)_entries.Count);
        foreach (Executed e in _entries)
        {
            writer.WriteVarUInt64(e.Slot);
            writer.WriteVarUInt64((ulong)e.Index);
            writer.WriteByte(e.IsNoOp ? (byte)1 : (byte)0);
            writer.WriteVarUInt64(e.PayloadId);
        }
        return writer.ToArray();
    }

    /// <summary>The slot a snapshot covers, read without decoding the rest.</summary>
    public static ulong SlotOf(byte[] snapshot)
    {
        var reader = new WireReader(snapshot);
        return reader.ReadVarUInt64("snapshot.lastSlot");
    }

    public static ExecutedLog FromSnapshot(byte[] snapshot)
    {
        var reader = new WireReader(snapshot);
        ulong lastSlot = reader.ReadVarUInt64("snapshot.lastSlot");
        int count = (int)reader.ReadVarUInt64("snapshot.count", 0, int.MaxValue);
        var entries = new List<Executed>(count);
        for (int i = 0; i < count; i++)
        {
            ulong slot = reader.ReadVarUInt64("snapshot.slot");
            int index = (int)reader.ReadVarUInt64("snapshot.index", 0, int.MaxValue);
            bool isNoOp = reader.ReadByte("snapshot.noop") == 1;
            entries.Add(new Executed(slot, index, isNoOp, reader.ReadVarUInt64("snapshot.id")));
        }
        reader.RequireEnd("snapshot");
        return new ExecutedLog(entries, lastSlot);
    }
}
