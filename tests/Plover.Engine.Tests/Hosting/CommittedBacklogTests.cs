using System.Net.Sockets;
using Plover.Engine.Config;
using Plover.Engine.Execution;
using Plover.Engine.FrontDoor;
using Plover.Engine.Hosting;
using Plover.Engine.Status;
using Plover.Engine.Tests.Transport;
using Xunit.Abstractions;

namespace Plover.Engine.Tests.Hosting;

/// <summary>
/// While the primary's guest stands still, the log does not run ahead of it: the leader stops
/// proposing once <see cref="ExecutorInbox.CommittedBytesProposeMax"/> committed bytes wait for the
/// executor, the clients' further input waits in the batcher (and then in the kernel), and
/// everything goes through once the guest runs again.
/// </summary>
public class CommittedBacklogTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int BytesPerClient = 2 << 20;

    [Fact]
    public async Task The_leader_stops_proposing_while_the_executor_s_committed_backlog_is_full()
    {
        await using var cluster = new NodeCluster(ReplicationMode.Vsmr, passthrough: false, output);
        await cluster.StartAllAsync();
        uint primary = await cluster.WaitForPrimaryAsync();
        ReplicaNode node = cluster.Nodes[primary];
        ManualResetEventSlim gate = cluster.Guests[primary].Last!.RunGate;
        var clients = new List<Socket>();
        try
        {
            gate.Reset();
            byte[] filler = new byte[BytesPerClient];
            Array.Fill(filler, (byte)'a'); // no newline: the fake guest only buffers it
            var sends = new List<Task>();
            for (int i = 0; i < Clients; i++)
            {
                var client = new Socket(System.Net.Sockets.AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                clients.Add(client);
                await client.ConnectAsync(node.ServiceEndPoint);
                sends.Add(SendAllAsync(client, filler));
            }

            var seen = new List<string>();
            await Eventually.HoldsAsync(() =>
            {
                NodeSnapshot now = node.Snapshot();
                string state = $"slot {now.CommitSlot} committed {now.Memory.CommittedUnexecutedBytes}";
                if (seen.Count == 0 || seen[^1] != state) seen.Add(state);
                return now.Memory.CommittedUnexecutedBytes >= ExecutorInbox.CommittedBytesProposeMax;
            }, "the committed backlog reached its bound");
            output.WriteLine(string.Join("; ", seen));
            await Task.Delay(500); // a batch proposed just before may still commit
            NodeSnapshot held = node.Snapshot();
            await Task.Delay(1000);
            NodeSnapshot later = node.Snapshot();
            output.WriteLine($"held: commit slot {held.CommitSlot} -> {later.CommitSlot}, committed unexecuted {later.Memory.CommittedUnexecutedBytes}, "
                + $"batcher {later.Memory.BatcherPendingBytes}, client unexecuted {later.Memory.ClientUnexecutedBytes}, read {later.ClientBytesIn}, "
                + $"role {held.Role} -> {later.Role}, serving ballot {held.ServingBallot} -> {later.ServingBallot}");
            Assert.Equal(held.CommitSlot, later.CommitSlot);
            // What was proposed before the bound was reached still commits: at most two batches here.
            long committedBound = ExecutorInbox.CommittedBytesProposeMax + 2 * (ProposalBatcher.BatchBytesMax + 1024);
            Assert.True(later.Memory.CommittedUnexecutedBytes <= committedBound,
                $"{later.Memory.CommittedUnexecutedBytes} committed bytes wait for the executor (bound {committedBound})");
            Assert.True(later.Memory.BatcherPendingBytes > 0,
                $"no input waits in the batcher: nothing was held back (read {later.ClientBytesIn}, not executed {later.Memory.ClientUnexecutedBytes}, "
                + $"committed not executed {later.Memory.CommittedUnexecutedBytes}, on the way: {string.Join("; ", seen)})");
            // The guest takes the bytes delivered with the first connections before its run blocks on
            // the gate; from then on nothing executes, and what waits unexecuted stays within the budget.
            long unexecutedBound = Clients * (ClientInputBudget.ConnectionBytesMax + ClientSession.ReadBytesMax);
            Assert.True(later.Memory.ClientUnexecutedBytes <= unexecutedBound,
                $"read {later.ClientBytesIn} bytes, {later.Memory.ClientUnexecutedBytes} of them not executed (bound {unexecutedBound})");
            Assert.Equal(held.ClientBytesIn - held.Memory.ClientUnexecutedBytes, later.ClientBytesIn - later.Memory.ClientUnexecutedBytes);

            gate.Set();
            await Eventually.WithinAsync(Task.WhenAll(sends), "every client's bytes taken", TimeSpan.FromSeconds(60));
            await Eventually.HoldsAsync(() => node.Snapshot() is { ClientBytesIn: Clients * (long)BytesPerClient, Memory.ClientUnexecutedBytes: 0, Memory.CommittedUnexecutedBytes: 0 },
                "every byte read and executed", TimeSpan.FromSeconds(60));
        }
        finally
        {
            gate.Set();
            foreach (Socket client in clients) client.Dispose();
        }
    }

    private static async Task SendAllAsync(Socket client, byte[] bytes)
    {
        for (int offset = 0; offset < bytes.Length;)
            offset += await client.SendAsync(bytes.AsMemory(offset), SocketFlags.None);
    }
}
