using Plover.Engine.Config;
using Plover.Engine.Guest;
using Plover.Engine.Log;

namespace Plover.Engine.Execution;

// Executing inputs: committed log batches (vsmr, smr, and Remus's takeovers) and direct inputs.
public sealed partial class ReplicaExecutor
{
    private void ExecutePayload(ulong slot, byte[] payload)
    {
        if (slot <= skipCommittedThrough) return; // reflected by the checkpoint a state transfer brought
        Invariant.Require(slot >= lastSlot, $"committed slot {slot} executes after slot {lastSlot}: slots run in order");
        lastSlot = slot;
        logHash.Add(slot, payload);
        LogBatch batch;
        try
        {
            batch = LogBatchCodec.Decode(payload);
        }
        catch (LogFormatException e)
        {
            throw new InvariantViolationException($"committed slot {slot} does not decode as a log batch: {e.Message}");
        }
        if (Deterministic && options.Mode != ReplicationMode.Remus) machine.SetEventContext(batch.LeaderTimestampNs, batch.RandomSeed);
        for (int i = 0; i < batch.Entries.Count; i++)
        {
            boundaryEndsBatch = i == batch.Entries.Count - 1; // a checkpoint at a boundary stands for its whole slot
            Execute(batch.Entries[i]);
        }
        if (options.Mode != ReplicationMode.Remus) RunAndRelease();
        Status.LastSlot = slot;
        Status.LogHash = logHash.Value;
        Status.EntriesExecuted += batch.Entries.Count;
    }

    private void Execute(LogEntry entry)
    {
        if (entry is ConnectEntry or DataEntry or CloseEntry) activitySinceBoundary = true;
        switch (entry)
        {
            case ConnectEntry c: Connect(c.Connection); break;
            case DataEntry d:
                Deliver(d.Connection, d.Bytes.Span);
                router.InputExecuted(d.Connection, d.Bytes.Length); // also when the guest is stopped: the bytes are consumed either way
                break;
            case CloseEntry c: Close(c.Connection); break;
            case EpochEndEntry: EndEpoch(takeover: null); break;
            case TakeoverEntry t: EndEpoch(takeover: t.Ballot); break;
        }
    }

    /// <summary>Remus primary and unreplicated node: a client's input goes straight to the guest.</summary>
    private void ExecuteDirect(DirectInput input)
    {
        if (!IsUnreplicated && remus is null) return; // no longer primary: its clients are being closed
        Execute(input.Entry);
        RunAndRelease();
    }

    private void Connect(ulong connection)
    {
        Invariant.Require(!connections.Contains(connection), $"connection {connection} opens once");
        connections.Opened(connection);
        if (fault is not null) return;
        if (machine.Connect(connection) == GuestConnectOutcome.Refused)
        {
            // As if the guest closed it at once: the same on every host, and the client is told.
            ExecutorLog.ConnectionRefused(logger, connection);
            connections.Closed(connection);
            outputs.Close(connection);
        }
    }

    private void Deliver(ulong connection, ReadOnlySpan<byte> bytes)
    {
        if (fault is not null) return;
        if (machine.Deliver(connection, bytes) == GuestDeliverOutcome.Full && outputs.Keeping) router.PauseReceiving(connection);
    }

    private void Close(ulong connection)
    {
        connections.Closed(connection);
        if (fault is null) machine.PeerClosed(connection);
    }

    /// <summary>A takeover closes every client connection the log opened before it: their bytes may have died with the old primary.</summary>
    private void CloseEveryConnection()
    {
        foreach (ulong connection in connections.TakeAll())
            if (fault is null) machine.PeerClosed(connection);
    }
}
