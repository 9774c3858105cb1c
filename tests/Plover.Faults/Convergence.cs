using System.Net.Sockets;
using Plover.Linearizability.Resp;

namespace Plover.Faults;

/// <summary>
/// Once the faults stop: a fence write (so that an epoch ends after every node is back), then the
/// three replicas must report the same executed slot, log hash, epoch and synced digest.
/// </summary>
internal static class Convergence
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<CheckResult> CheckAsync(FaultCluster cluster, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        bool fenced = false;
        IReadOnlyList<NodeStatus> last = [];
        while (DateTime.UtcNow < deadline)
        {
            fenced = fenced || await FenceAsync(cluster);
            last = await cluster.StatusAllAsync();
            if (fenced && last.Count == 3 && Agree(last))
                return new CheckResult("digests equal", true,
                    $"all three at epoch {last[0].Epoch}, slot {last[0].ExecutedSlot}, digest {last[0].LastSyncedDigest}, log hash {last[0].LogHash}");
            await Task.Delay(PollInterval);
        }
        string seen = last.Count == 0 ? "no node answered" : string.Join("; ", last);
        return new CheckResult("digests equal", false, $"replicas did not agree within {timeout.TotalSeconds:F0} s{(fenced ? "" : " (the fence write never succeeded)")}: {seen}");
    }

    private static bool Agree(IReadOnlyList<NodeStatus> statuses)
    {
        NodeStatus first = statuses[0];
        return statuses.All(s => s.ExecutedSlot == first.ExecutedSlot && s.LogHash == first.LogHash && s.Epoch == first.Epoch
            && s.LastSyncedEpoch == first.LastSyncedEpoch && s.LastSyncedDigest == first.LastSyncedDigest);
    }

    private static async Task<bool> FenceAsync(FaultCluster cluster)
    {
        foreach (uint node in FaultCluster.NodeIds)
        {
            try
            {
                await using RespConnection connection = await RespConnection.ConnectAsync(cluster.Network.Service(node).Address.ToString(),
                    cluster.Network.Service(node).Port, TimeSpan.FromSeconds(3));
                RespReply reply = await connection.CallAsync("SET", "fence", node.ToString());
                return true;
            }
            catch (Exception e) when (e is IOException or SocketException or TimeoutException or RespProtocolException)
            {
            }
        }
        return false;
    }
}
