using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Plover.Engine.Config;
using Plover.Engine.Execution;
using Plover.Engine.FrontDoor;
using Plover.Engine.Log;

namespace Plover.Engine.Tests.FrontDoor;

/// <summary>
/// A client that sends more than its connection may have unexecuted stops being read (its bytes
/// stay in the kernel: TCP holds it back) and is read again as its bytes execute, with no byte lost
/// or reordered.
/// </summary>
public class ClientFrontDoorBackPressureTests
{
    private const ulong Ballot = 0x301;
    private const int SentBytes = 6 << 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_connection_at_its_limit_stops_being_read_and_resumes_as_its_bytes_execute()
    {
        var sink = new RecordingSink();
        var serving = new ServingState();
        serving.Set(Ballot);
        await using var door = new ClientFrontDoor(1, ReplicationMode.Smr, new ConnectionIds(1, 1), sink, serving,
            () => new Leadership(true, 1, Ballot), transport: null, new IPEndPoint(IPAddress.Loopback, 0), NullLogger.Instance);
        door.Start();
        byte[] sent = new byte[SentBytes];
        new Random(11).NextBytes(sent);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(door.ListenEndPoint);
        Task sending = SendAllAsync(client, sent);

        long limit = ClientInputBudget.ConnectionBytesMax + ClientSession.ReadBytesMax;
        await WaitUntilAsync(() => door.BytesIn >= ClientInputBudget.ConnectionBytesMax, "the front door read up to the connection's limit");
        await Task.Delay(500);
        long held = door.BytesIn;
        Assert.True(held <= limit, $"read {held} bytes with none executed; the bound is {limit}");
        await Task.Delay(500);
        Assert.Equal(held, door.BytesIn);
        Assert.Equal(held, door.InputBudget.UnexecutedBytes);

        // Execute what the log holds, as the executor would, until every byte went through.
        ulong connection = sink.Entries.OfType<ConnectEntry>().Single().Connection;
        int executed = 0;
        await WaitUntilAsync(() =>
        {
            foreach (DataEntry data in sink.Entries.OfType<DataEntry>().Skip(executed))
            {
                door.InputExecuted(connection, data.Bytes.Length);
                executed++;
            }
            return door.BytesIn == SentBytes;
        }, "every byte read once executed");
        await sending.WaitAsync(Patience);

        byte[] received = sink.Entries.OfType<DataEntry>().SelectMany(d => d.Bytes.ToArray()).ToArray();
        Assert.Equal(sent.Length, received.Length);
        Assert.True(sent.AsSpan().SequenceEqual(received), "the bytes in the log are not the bytes sent, in order");
        Assert.True(door.InputBudget.Waits > 0);
    }

    private static async Task SendAllAsync(Socket client, byte[] bytes)
    {
        for (int offset = 0; offset < bytes.Length;)
            offset += await client.SendAsync(bytes.AsMemory(offset), SocketFlags.None);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {Patience}: {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>The log's input queue: accepts everything, in order.</summary>
    private sealed class RecordingSink : IInputSink
    {
        private readonly List<LogEntry> entries = [];

        public IReadOnlyList<LogEntry> Entries
        {
            get
            {
                lock (entries) return entries.ToArray();
            }
        }

        public bool TryAdd(ulong ballot, LogEntry entry)
        {
            if (ballot != Ballot) return false;
            lock (entries) entries.Add(entry);
            return true;
        }

        public Task WaitForRoomAsync(CancellationToken cancellation) => Task.Delay(1, cancellation);
    }
}
