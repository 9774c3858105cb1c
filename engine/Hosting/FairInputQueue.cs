using Plover.Engine.Log;

namespace Plover.Engine.Hosting;

/// <summary>
/// Client inputs waiting for a proposal: one FIFO per connection (its connect, bytes and close stay
/// in order), served by deficit round robin so that one connection's megabytes do not sit in front
/// of another's small request. Each visit of a connection adds <see cref="QuantumBytes"/> to its
/// deficit and takes its entries while they fit. The order of service is the order connections
/// became active (a queue of ids, never a dictionary's enumeration), so it depends only on the
/// order inputs arrived. Not thread-safe: the batcher holds its lock.
/// </summary>
public sealed class FairInputQueue
{
    /// <summary>Bytes a connection may send per turn: one front-door read (64 KiB) as an entry, so a flooding connection gets one read per turn.</summary>
    public const int QuantumBytes = 64 * 1024 + EntryOverheadBytes;

    private readonly Dictionary<ulong, Lane> lanes = [];
    private readonly Queue<Lane> turns = new();

    /// <summary>Entries waiting, over every connection.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes waiting (as <see cref="SizeOf"/> counts them), over every connection.</summary>
    public long Bytes { get; private set; }

    /// <summary>The size an entry counts for: its data plus a fixed overhead, so connects and closes are not free.</summary>
    public static int SizeOf(LogEntry entry) => entry is DataEntry d ? d.Bytes.Length + EntryOverheadBytes : EntryOverheadBytes;

    /// <summary>Per-entry cost beyond the data (kind, connection id, length in the batch format).</summary>
    public const int EntryOverheadBytes = 13;

    public void Enqueue(ulong connection, LogEntry entry)
    {
        if (!lanes.TryGetValue(connection, out Lane? lane))
        {
            lane = new Lane(connection);
            lanes.Add(connection, lane);
            turns.Enqueue(lane);
        }
        lane.Entries.Enqueue(entry);
        Count++;
        Bytes += SizeOf(entry);
    }

    /// <summary>
    /// Takes entries in deficit-round-robin order into <paramref name="into"/> until the queue is
    /// empty, <paramref name="entriesMax"/> entries are taken, or the next entry would take the
    /// batch past <paramref name="bytesMax"/> (a first entry always goes, whatever its size).
    /// Returns the bytes taken.
    /// </summary>
    public int TakeInto(List<LogEntry> into, int entriesMax, int bytesMax)
    {
        int taken = 0;
        while (turns.TryPeek(out Lane? lane) && into.Count < entriesMax)
        {
            if (!lane.InTurn)
            {
                lane.Deficit += QuantumBytes;
                lane.InTurn = true;
            }
            while (lane.Entries.TryPeek(out LogEntry? next))
            {
                int size = SizeOf(next);
                if (size > lane.Deficit) break; // its turn is used up (the deficit carries over)
                if (into.Count >= entriesMax || (into.Count > 0 && taken + size > bytesMax)) return taken; // the batch is full: the lane keeps its turn
                lane.Entries.Dequeue();
                lane.Deficit -= size;
                Count--;
                Bytes -= size;
                taken += size;
                into.Add(next);
            }
            turns.Dequeue();
            lane.InTurn = false;
            if (lane.Entries.Count == 0) lanes.Remove(lane.Connection); // an idle connection saves no credit
            else turns.Enqueue(lane);
        }
        return taken;
    }

    public void Clear()
    {
        lanes.Clear();
        turns.Clear();
        Count = 0;
        Bytes = 0;
    }

    private sealed class Lane(ulong connection)
    {
        public ulong Connection { get; } = connection;

        public Queue<LogEntry> Entries { get; } = new();

        public int Deficit { get; set; }

        public bool InTurn { get; set; }
    }
}
