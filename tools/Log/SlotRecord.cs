using Plover.Consensus;
using Plover.Engine.Log;

namespace Plover.Cli.Log;

/// <summary>One proposal of a slot, decoded as the engine's <see cref="LogBatch"/>, or the reason it does not decode.</summary>
public sealed record DecodedBatch(int Index, int Bytes, LogBatch? Batch, string? Problem);

/// <summary>A log record whose CRC held: its slot, the ballot it was accepted in, and its proposals.</summary>
public sealed record SlotRecord(ulong Slot, Ballot Ballot, bool IsNoOp, IReadOnlyList<DecodedBatch> Batches, int RecordBytes);

/// <summary>
/// What the scanner found at one position of the log: a record, or a problem (a CRC mismatch, an
/// undecodable value, a malformed key, a RocksDB read error). <see cref="Slot"/> is null only for a
/// key that names no slot.
/// </summary>
public sealed record ScannedSlot(ulong? Slot, SlotRecord? Record, string? Problem)
{
    public bool IsProblem => Problem is not null;
}
