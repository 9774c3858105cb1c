using System.Text;
using Plover.Consensus;
using Plover.Engine.Log;

namespace Plover.LogTool.Tests;

/// <summary>
/// A small log with every kind of slot and entry, written through the real stores:
/// <code>
/// slot 1  takeover(3.1)                                  epoch 1 ends
/// slot 2  connect c1, data c1 "SET a 1"                  epoch 2
/// slot 3  no-op
/// slot 4  data c1 "GET a", connect c2, epoch-end(2)      epoch 2 ends
/// slot 5  [data c2 (binary)], [close c1]                 two proposals, epoch 3
/// slot 6  empty batch (the leader's clock)
/// slot 7  epoch-end(3)                                   epoch 3 ends; commit slot
/// slot 8  data c2 "PING"                                 accepted, not committed (epoch 4)
/// </code>
/// plus three epoch statistics records.
/// </summary>
internal sealed class SampleLog
{
    public const long StartNs = 1_790_000_000_123_456_000;
    public static readonly Ballot Ballot = new(3, 1);
    public static readonly ulong C1 = Connection(1, 4, 1);
    public static readonly ulong C2 = Connection(1, 4, 2);
    public static readonly byte[] Set = Encoding.ASCII.GetBytes("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n");
    public static readonly byte[] Get = Encoding.ASCII.GetBytes("*2\r\n$3\r\nGET\r\n$1\r\na\r\n");
    public static readonly byte[] Binary = [0x00, 0xFF, 0x41, 0x5C, 0x0A, 0x7F];
    public static readonly byte[] Ping = Encoding.ASCII.GetBytes("PING\r\n");

    public static ulong Connection(uint node, uint incarnation, uint counter) =>
        ((ulong)node << 56) | ((ulong)incarnation << 32) | counter;

    public static LogBatch Batch(int n, params Plover.Engine.Log.LogEntry[] entries) => new(StartNs + n * 1_000_000L, 1000UL + (ulong)n, entries);

    /// <summary>Writes the sample into DATA/store and returns the writer's facts (closed).</summary>
    public static (uint Incarnation, ulong Commit, ulong Last) Write(string dataDirectory)
    {
        using var writer = new NodeStoreWriter(dataDirectory);
        writer.Append(Ballot, true, Batch(1, new TakeoverEntry(Ballot.ToUInt64())));
        writer.Append(Ballot, true, Batch(2, new ConnectEntry(C1), new DataEntry(C1, Set)));
        writer.Append(Ballot, true);
        writer.Append(Ballot, true, Batch(4, new DataEntry(C1, Get), new ConnectEntry(C2), new EpochEndEntry(2)));
        writer.Append(Ballot, true, Batch(5, new DataEntry(C2, Binary)), Batch(6, new CloseEntry(C1)));
        writer.Append(Ballot, true, Batch(7));
        writer.Append(Ballot, true, Batch(8, new EpochEndEntry(3)));
        writer.Append(Ballot, false, Batch(9, new DataEntry(C2, Ping)));
        writer.RecordEpoch(1, dirtied: 10, compared: 10, sent: 0, bytes: 40, pauseUs: 300);
        writer.RecordEpoch(2, dirtied: 7, compared: 9, sent: 2, bytes: 8300, pauseUs: 900);
        writer.RecordEpoch(3, dirtied: 3, compared: 3, sent: 0, bytes: 40, pauseUs: 120);
        return (writer.Incarnation, writer.CommitSlot, writer.LastSlot);
    }
}
