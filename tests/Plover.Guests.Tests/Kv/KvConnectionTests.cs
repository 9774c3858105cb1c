using System.Net.Sockets;
using Plover.Linearizability.Resp;
using static Plover.Guests.Tests.Replies;

namespace Plover.Guests.Tests.Kv;

public class KvConnectionTests : KvServerTest
{
    [Fact]
    public async Task A_thousand_connections_at_once_are_all_served()
    {
        const int Count = 1000;
        var connections = new RespConnection[Count];
        try
        {
            for (int i = 0; i < Count; i++) connections[i] = await Server.ConnectAsync();
            // Every connection has a request in flight before any reply is read.
            await Task.WhenAll(connections.Select((c, i) => c.SendAsync(["SET", $"conn:{i}", $"{i}"], ["INCR", "total"])));
            await Task.WhenAll(connections.Select(async c =>
            {
                Expect(Ok, await c.ReadReplyAsync());
                Assert.IsType<RespReply.Integer>(await c.ReadReplyAsync());
            }));
            await Task.WhenAll(connections.Select((c, i) => c.ExpectAsync(Bulk($"{i}"), "GET", $"conn:{i}")));
            await connections[0].ExpectAsync(Bulk($"{Count}"), "GET", "total");
            await connections[^1].ExpectAsync(Int(Count + 1), "DBSIZE");
        }
        finally
        {
            foreach (RespConnection? c in connections) c?.Dispose();
        }
    }

    [Fact]
    public async Task Clients_vanishing_mid_command_or_by_reset_leave_the_others_unaffected()
    {
        await using RespConnection survivor = await Server.ConnectAsync();
        await survivor.ExpectAsync(Ok, "SET", "k", "before");
        for (int i = 0; i < 20; i++)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(GuestServer.Host, Server.Port);
            await socket.SendAsync("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10\r\npart"u8.ToArray());
            if (i % 2 == 0) socket.LingerState = new LingerOption(true, 0); // close with RST
        }
        await survivor.ExpectAsync(Bulk("before"), "GET", "k");
        await Task.Delay(100);
        await survivor.ExpectAsync(Int(1), "DBSIZE");
    }

    [Fact]
    public async Task A_client_that_disconnects_with_replies_pending_does_not_disturb_the_server()
    {
        using (RespConnection c = await Server.ConnectAsync())
        {
            await c.ExpectAsync(Ok, "SET", "big", new string('x', 4 * 1024 * 1024));
            await c.SendAsync(Enumerable.Repeat<IReadOnlyList<string>>(["GET", "big"], 20).ToArray());
        }
        await Task.Delay(200);
        await using RespConnection other = await Server.ConnectAsync();
        await other.ExpectAsync(Int(4 * 1024 * 1024), "STRLEN", "big");
    }
}
