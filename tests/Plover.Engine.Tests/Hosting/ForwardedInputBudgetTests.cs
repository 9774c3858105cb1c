using System.Net.Sockets;
using Plover.Engine.Config;
using Plover.Engine.FrontDoor;
using Plover.Engine.Hosting;
using Plover.Engine.Tests.Transport;
using Xunit.Abstractions;

namespace Plover.Engine.Tests.Hosting;

/// <summary>
/// A client of a backup sends several times its connection's input limit: the backup forwards it
/// to the primary and reads more only as the bytes execute. In vsmr and smr the backup executes
/// the same log and counts for itself; in Remus only the primary executes and tells the backup.
/// Without that count the client would stop at its limit for good.
/// </summary>
public class ForwardedInputBudgetTests(ITestOutputHelper output)
{
    private const int SentBytes = 3 * (int)ClientInputBudget.ConnectionBytesMax + 12_345;

    [Theory]
    [InlineData(ReplicationMode.Vsmr)]
    [InlineData(ReplicationMode.Smr)]
    [InlineData(ReplicationMode.Remus)]
    public async Task A_forwarded_client_past_its_limit_is_read_again_as_its_bytes_execute(ReplicationMode mode)
    {
        await using var cluster = new NodeCluster(mode, passthrough: false, output);
        await cluster.StartAllAsync();
        for (int attempt = 1; ; attempt++)
        {
            uint primary = await cluster.WaitForPrimaryAsync();
            ReplicaNode holder = cluster.Nodes.First(n => n.Key != primary).Value;
            long readBefore = holder.Snapshot().ClientBytesIn;
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(holder.ServiceEndPoint);
            byte[] filler = new byte[SentBytes];
            Array.Fill(filler, (byte)'a'); // no newline: the fake guest only buffers it
            for (int offset = 0; offset < filler.Length;)
                offset += await client.SendAsync(filler.AsMemory(offset), SocketFlags.None);

            // A young cluster may still change its primary, which closes the client (its bytes in
            // flight may be lost): then it tries again. A client merely held back stays open.
            await Eventually.HoldsAsync(() => holder.Snapshot() is { Memory.ClientUnexecutedBytes: 0 } now && now.ClientBytesIn - readBefore == SentBytes
                || ClosedByServer(client), "every byte read by the backup and counted as executed, or the client closed", TimeSpan.FromSeconds(60));
            foreach ((uint id, ReplicaNode node) in cluster.Nodes)
            {
                var s = node.Snapshot();
                output.WriteLine($"attempt {attempt}, node {id}: read {s.ClientBytesIn}, unexecuted {s.Memory.ClientUnexecutedBytes}, waits {s.ClientInputWaits}, commit {s.CommitSlot}, executed {s.Executor.LastSlot}");
            }
            if (ClosedByServer(client) && attempt < 3) continue;
            Assert.Equal(SentBytes, holder.Snapshot().ClientBytesIn - readBefore);
            Assert.True(holder.Snapshot().ClientInputWaits > 0, "the client never met its limit");
            return;
        }
    }

    private static bool ClosedByServer(Socket client) => client.Poll(0, SelectMode.SelectRead) && client.Available == 0;
}
