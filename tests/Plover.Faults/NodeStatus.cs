using System.Text.Json;

namespace Plover.Faults;

/// <summary>What the harness reads from a node's <c>/status</c>: enough to find the primary and to compare replicas.</summary>
public sealed record NodeStatus(uint Node, string Health, ulong Epoch, ulong ExecutedSlot, ulong LastSyncedEpoch, string LastSyncedDigest,
    string LogHash, string? GuestFault)
{
    public bool Serving => Health == "serving";

    public static NodeStatus Parse(uint node, JsonElement root) => new(
        node,
        root.GetProperty("health").GetString() ?? "",
        root.GetProperty("epoch").GetUInt64(),
        root.GetProperty("executedSlot").GetUInt64(),
        root.GetProperty("lastSyncedEpoch").GetUInt64(),
        root.GetProperty("lastSyncedDigest").GetString() ?? "",
        root.GetProperty("logHash").GetString() ?? "",
        root.GetProperty("guestFault").ValueKind == JsonValueKind.Null ? null : root.GetProperty("guestFault").ToString());

    public override string ToString() =>
        $"node {Node}: {Health}, epoch {Epoch}, executed slot {ExecutedSlot}, synced epoch {LastSyncedEpoch} digest {LastSyncedDigest}, log hash {LogHash}" +
        (GuestFault is null ? "" : $", guest fault {GuestFault}");
}
