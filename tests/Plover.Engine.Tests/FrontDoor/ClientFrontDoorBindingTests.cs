using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Plover.Engine.Config;
using Plover.Engine.Execution;
using Plover.Engine.FrontDoor;
using Plover.Engine.Log;

namespace Plover.Engine.Tests.FrontDoor;

/// <summary>
/// Clients that connect while no primary serves wait unbound, and many write their request at
/// once. When this node starts serving they are bound: each client's connect must reach the log
/// before any of its bytes (a guest never hears of bytes of a connection it was not told of).
/// </summary>
public class ClientFrontDoorBindingTests
{
    private const ulong Ballot = 0x301;
    private const int Clients = 160;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Clients_that_wrote_while_waiting_are_connected_in_the_log_before_their_bytes()
    {
        var sink = new OrderedSink(refuseConnects: false);
        var serving = new ServingState();
        await using ClientFrontDoor door = Open(sink, serving);
        List<Socket> clients = await ConnectAndWriteAsync(door, Clients);
        try
        {
            await WaitUntilAsync(() => door.ClientsOpen == Clients, "every client accepted");
            Assert.Empty(sink.Entries);
            serving.Set(Ballot);
            await WaitUntilAsync(() => sink.Entries.Count(e => e is DataEntry) == Clients, "every client's bytes in the log");

            IReadOnlyList<LogEntry> log = sink.Entries;
            foreach (ulong connection in log.OfType<DataEntry>().Select(d => d.Connection))
            {
                int connect = IndexOf(log, e => e is ConnectEntry c && c.Connection == connection);
                int data = IndexOf(log, e => e is DataEntry d && d.Connection == connection);
                Assert.True(connect >= 0 && connect < data, $"connection {connection:x}: connect at {connect}, its first bytes at {data}");
            }
            Assert.Equal(Clients, log.OfType<ConnectEntry>().Count());
        }
        finally
        {
            foreach (Socket client in clients) client.Dispose();
        }
    }

    [Fact]
    public async Task A_client_whose_connect_the_log_refuses_is_closed_and_none_of_its_bytes_go_in()
    {
        var sink = new OrderedSink(refuseConnects: true);
        var serving = new ServingState();
        await using ClientFrontDoor door = Open(sink, serving);
        List<Socket> clients = await ConnectAndWriteAsync(door, 1);
        try
        {
            await WaitUntilAsync(() => door.ClientsOpen == 1, "the client accepted");
            serving.Set(Ballot);
            var buffer = new byte[16];
            using var timeout = new CancellationTokenSource(Patience);
            int read = await clients[0].ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.Equal(0, read);
            Assert.Empty(sink.Entries);
        }
        finally
        {
            foreach (Socket client in clients) client.Dispose();
        }
    }

    private static ClientFrontDoor Open(IInputSink sink, ServingState serving)
    {
        var door = new ClientFrontDoor(1, ReplicationMode.Smr, new ConnectionIds(1, 1), sink, serving,
            () => new Leadership(true, 1, Ballot), transport: null, new IPEndPoint(IPAddress.Loopback, 0), NullLogger.Instance);
        door.Start();
        return door;
    }

    private static async Task<List<Socket>> ConnectAndWriteAsync(ClientFrontDoor door, int count)
    {
        var clients = new List<Socket>();
        for (int i = 0; i < count; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            clients.Add(client);
            await client.ConnectAsync(door.ListenEndPoint);
            await client.SendAsync(Encoding.ASCII.GetBytes($"request {i}\n"), SocketFlags.None);
        }
        return clients;
    }

    private static int IndexOf(IReadOnlyList<LogEntry> log, Func<LogEntry, bool> match)
    {
        for (int i = 0; i < log.Count; i++)
            if (match(log[i])) return i;
        return -1;
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

    /// <summary>The log's input queue as the front door sees it: entries in the order they were added.</summary>
    private sealed class OrderedSink(bool refuseConnects) : IInputSink
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
            if (ballot != Ballot || (refuseConnects && entry is ConnectEntry)) return false;
            lock (entries) entries.Add(entry);
            return true;
        }

        public Task WaitForRoomAsync(CancellationToken cancellation) => Task.Delay(1, cancellation);
    }
}
