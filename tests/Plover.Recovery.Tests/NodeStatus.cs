using System.Text.Json;
using Plover.EndToEnd.Tests;

namespace Plover.Recovery.Tests;

/// <summary>The parts of a node's /status and /epochs these tests read.</summary>
internal sealed record NodeStatus(string Health, ulong Epoch, ulong ExecutedSlot, ulong LastSyncedEpoch, string LogHash,
    ulong LogFirstSlot, ulong? RestoredSlot, ulong? DurableSlot, long TransferPageBytes, long TransferPagesServed)
{
    public static async Task<NodeStatus?> TryReadAsync(TestCluster cluster, uint node)
    {
        try
        {
            using JsonDocument document = await cluster.StatusAsync(node);
            JsonElement root = document.RootElement;
            JsonElement checkpoints = root.GetProperty("checkpoints");
            return new NodeStatus(
                root.GetProperty("health").GetString()!,
                root.GetProperty("epoch").GetUInt64(),
                root.GetProperty("executedSlot").GetUInt64(),
                root.GetProperty("lastSyncedEpoch").GetUInt64(),
                root.GetProperty("logHash").GetString()!,
                checkpoints.GetProperty("logFirstSlot").GetUInt64(),
                SlotOf(checkpoints.GetProperty("restored")),
                SlotOf(checkpoints.GetProperty("durable")),
                checkpoints.GetProperty("transferPageBytesReceived").GetInt64(),
                checkpoints.GetProperty("transferPagesServed").GetInt64());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or KeyNotFoundException)
        {
            return null;
        }
    }

    public static async Task<NodeStatus> ReadAsync(TestCluster cluster, uint node) =>
        await TryReadAsync(cluster, node) ?? throw new InvalidOperationException($"node {node} does not answer /status");

    /// <summary>Polls until <paramref name="condition"/> holds of the node's status (a bounded wait).</summary>
    public static async Task<NodeStatus> WaitAsync(TestCluster cluster, uint node, Func<NodeStatus, bool> condition, string what, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        NodeStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await TryReadAsync(cluster, node);
            if (last is not null && condition(last)) return last;
            await Task.Delay(50);
        }
        throw new TimeoutException($"node {node}: {what} did not happen within {timeout.TotalSeconds} s (last status: {last})");
    }

    /// <summary>Epoch number to digest, from the node's /epochs (its last 64 epochs).</summary>
    public static async Task<Dictionary<ulong, string>> DigestsAsync(TestCluster cluster, uint node)
    {
        using JsonDocument epochs = await cluster.EpochsAsync(node);
        return epochs.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("epoch").GetUInt64(), e => e.GetProperty("digest").GetString()!);
    }

    private static ulong? SlotOf(JsonElement checkpoint) =>
        checkpoint.ValueKind == JsonValueKind.Null ? null : checkpoint.GetProperty("slot").GetUInt64();
}
