using Plover.Engine.Hosting;
using Plover.Engine.Log;

namespace Plover.Engine.Tests.Hosting;

public class FairInputQueueTests
{
    private const int Read = 64 * 1024;

    [Fact]
    public void A_small_request_behind_a_flood_goes_in_the_first_batch()
    {
        var queue = new FairInputQueue();
        for (int i = 0; i < 16; i++) queue.Enqueue(1, new DataEntry(1, Filled(Read, (byte)i)));
        queue.Enqueue(2, new DataEntry(2, "GET a\r\n"u8.ToArray()));
        var batch = new List<LogEntry>();
        queue.TakeInto(batch, entriesMax: 100, bytesMax: 512 * 1024);
        Assert.Equal([1UL, 2UL, 1UL, 1UL, 1UL, 1UL, 1UL, 1UL], batch.Select(ConnectionOf)); // 7 reads of 64 KiB fit in 512 KiB
        Assert.Equal((byte)0, ((DataEntry)batch[0]).Bytes.Span[0]);
        Assert.Equal((byte)1, ((DataEntry)batch[2]).Bytes.Span[0]);
    }

    [Fact]
    public void Connections_take_turns_and_each_keeps_its_own_order()
    {
        var queue = new FairInputQueue();
        foreach (ulong c in new ulong[] { 3, 1, 2 })
        {
            queue.Enqueue(c, new ConnectEntry(c));
            for (int i = 0; i < 4; i++) queue.Enqueue(c, new DataEntry(c, Filled(Read, (byte)i)));
            queue.Enqueue(c, new CloseEntry(c));
        }
        var taken = new List<LogEntry>();
        while (queue.Count > 0)
        {
            var batch = new List<LogEntry>();
            queue.TakeInto(batch, entriesMax: 100, bytesMax: 3 * (Read + 13));
            Assert.NotEmpty(batch);
            taken.AddRange(batch);
        }
        Assert.Equal(0, queue.Bytes);
        // Turns in the order the connections became active, one read's worth each: 3, 1, 2, 3, 1, 2, ...
        Assert.Equal([3UL, 1UL, 2UL], taken.Where(e => e is DataEntry).Take(3).Select(ConnectionOf));
        Assert.Equal([3UL, 1UL, 2UL], taken.Where(e => e is DataEntry).Skip(3).Take(3).Select(ConnectionOf));
        foreach (ulong c in new ulong[] { 1, 2, 3 })
        {
            List<LogEntry> own = taken.Where(e => ConnectionOf(e) == c).ToList();
            Assert.IsType<ConnectEntry>(own[0]);
            Assert.Equal([0, 1, 2, 3], own.OfType<DataEntry>().Select(d => (int)d.Bytes.Span[0]));
            Assert.IsType<CloseEntry>(own[^1]);
        }
    }

    [Fact]
    public void A_connection_of_many_small_entries_gets_a_read_s_worth_of_bytes_per_turn_not_one_entry()
    {
        var queue = new FairInputQueue();
        for (int i = 0; i < 1000; i++) queue.Enqueue(1, new DataEntry(1, new byte[100]));
        for (int i = 0; i < 4; i++) queue.Enqueue(2, new DataEntry(2, new byte[Read]));
        var batch = new List<LogEntry>();
        queue.TakeInto(batch, entriesMax: 10_000, bytesMax: 4 * 1024 * 1024);
        int firstTurn = batch.TakeWhile(e => ConnectionOf(e) == 1).Count();
        Assert.Equal(FairInputQueue.QuantumBytes / (100 + FairInputQueue.EntryOverheadBytes), firstTurn);
        Assert.Equal(2UL, ConnectionOf(batch[firstTurn]));
    }

    [Fact]
    public void A_full_batch_leaves_the_rest_of_a_turn_for_the_next_batch()
    {
        var queue = new FairInputQueue();
        for (int i = 0; i < 600; i++) queue.Enqueue(1, new DataEntry(1, new byte[100]));
        queue.Enqueue(2, new DataEntry(2, new byte[100]));
        var first = new List<LogEntry>();
        queue.TakeInto(first, entriesMax: 100, bytesMax: 1 << 20);
        Assert.Equal(100, first.Count);
        Assert.All(first, e => Assert.Equal(1UL, ConnectionOf(e)));
        var second = new List<LogEntry>();
        queue.TakeInto(second, entriesMax: 10_000, bytesMax: 1 << 20);
        // Connection 1 finishes its turn (no fresh quantum), then connection 2 is served.
        int rest = FairInputQueue.QuantumBytes / (100 + FairInputQueue.EntryOverheadBytes) - 100;
        Assert.All(second.Take(rest), e => Assert.Equal(1UL, ConnectionOf(e)));
        Assert.Equal(2UL, ConnectionOf(second[rest]));
    }

    [Fact]
    public void A_first_entry_larger_than_the_batch_bound_still_goes()
    {
        var queue = new FairInputQueue();
        queue.Enqueue(1, new DataEntry(1, new byte[2 * Read]));
        var batch = new List<LogEntry>();
        int taken = queue.TakeInto(batch, entriesMax: 10, bytesMax: Read);
        Assert.Single(batch);
        Assert.Equal(2 * Read + FairInputQueue.EntryOverheadBytes, taken);
        Assert.Equal(0, queue.Count);
    }

    private static byte[] Filled(int length, byte value)
    {
        byte[] bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }

    private static ulong ConnectionOf(LogEntry entry) => entry switch
    {
        ConnectEntry c => c.Connection,
        DataEntry d => d.Connection,
        CloseEntry c => c.Connection,
        _ => throw new ArgumentException($"{entry.Kind} has no connection"),
    };
}
