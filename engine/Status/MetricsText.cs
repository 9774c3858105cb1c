using System.Globalization;
using System.Text;
using Plover.Engine.Execution;
using Plover.Engine.Transport;
using Plover.Engine.Wire;

namespace Plover.Engine.Status;

/// <summary>/metrics in the Prometheus text exposition format (version 0.0.4).</summary>
public static class MetricsText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(NodeSnapshot node)
    {
        var text = new StringBuilder();
        ExecutorStatus executor = node.Executor;
        ReplicationBytes bytes = node.Replication;
        Family(text, "plover_replication_bytes_total", "counter", "Bytes this node sent its peers, by kind (log, hashes, pages, other).");
        Sample(text, "plover_replication_bytes_total", "kind", "log", bytes.Log);
        Sample(text, "plover_replication_bytes_total", "kind", "hashes", bytes.Hashes);
        Sample(text, "plover_replication_bytes_total", "kind", "pages", bytes.Pages);
        Sample(text, "plover_replication_bytes_total", "kind", "other", bytes.Other);
        Family(text, "plover_frames_sent_total", "counter", "Frames this node sent its peers, by envelope kind.");
        foreach (var kind in Enum.GetValues<Envelope.KindOneofCase>().Where(k => k != Envelope.KindOneofCase.None))
            Sample(text, "plover_frames_sent_total", "kind", KindName(kind), node.Traffic.Sum(p => p[kind].FramesSent));
        Counter(text, "plover_epochs_total", "Epochs this node finished (as primary or backup).", executor.EpochsTotal);
        Counter(text, "plover_epoch_pages_sent_total", "Pages sent (primary) or applied (backup) by epoch syncs.", executor.EpochPagesSentTotal);
        Counter(text, "plover_epoch_pages_dirtied_total", "Pages the guest dirtied, summed over epochs.", executor.EpochPagesDirtiedTotal);
        Counter(text, "plover_epoch_pages_compared_total", "Pages compared by hash in epoch syncs.", executor.EpochPagesComparedTotal);
        Counter(text, "plover_epoch_hash_lists_total", "Page-hash lists exchanged (0 while every digest agrees).", executor.EpochHashListsTotal);
        Counter(text, "plover_epoch_repairs_total", "Peer syncs that needed divergent state sent.", executor.EpochRepairsTotal);
        Counter(text, "plover_epoch_pause_seconds_total", "Time the guest stood still for epoch syncs.", executor.EpochPauseMicrosecondsTotal / 1e6);
        Gauge(text, "plover_epoch", "The epoch this node is in.", executor.Epoch);
        Gauge(text, "plover_last_synced_epoch", "The last epoch this node's state was synced at.", executor.LastSynced.Epoch);
        Gauge(text, "plover_commit_slot", "The highest log slot known chosen.", node.CommitSlot);
        Gauge(text, "plover_executed_slot", "The last log slot executed.", executor.LastSlot);
        Counter(text, "plover_log_entries_executed_total", "Log entries executed.", executor.EntriesExecuted);
        Gauge(text, "plover_is_leader", "1 when this node leads consensus.", node.Leadership.IsLeader ? 1 : 0);
        Gauge(text, "plover_serving", "1 when this node serves as primary.", node.ServingBallot != 0 ? 1 : 0);
        Gauge(text, "plover_guest_healthy", "0 once the guest trapped, exited or hit a limit.", executor.GuestFault is null ? 1 : 0);
        Gauge(text, "plover_outputs_pending", "Guest outputs held until their epoch is synced.", executor.OutputsPending);
        Counter(text, "plover_outputs_released_total", "Guest outputs released to clients.", executor.OutputsReleased);
        Gauge(text, "plover_clients_open", "Client connections open on this node.", node.ClientsOpen);
        Counter(text, "plover_clients_accepted_total", "Client connections accepted by this node.", node.ClientsAccepted);
        Counter(text, "plover_client_bytes_in_total", "Bytes received from clients on this node.", node.ClientBytesIn);
        Gauge(text, "plover_client_input_unexecuted_bytes", "Bytes read from this node's clients and not yet executed (bounded per connection and per node).", node.Memory.ClientUnexecutedBytes);
        Counter(text, "plover_client_input_waits_total", "Times a client session stopped reading its socket for want of input budget.", node.ClientInputWaits);
        Counter(text, "plover_clients_closed_stalled_total", "Clients closed because their input stayed at the per-connection limit without executing.", node.ClientsClosedStalled);
        Gauge(text, "plover_batcher_pending_bytes", "Client input waiting in the leader's batcher.", node.Memory.BatcherPendingBytes);
        Gauge(text, "plover_committed_unexecuted_bytes", "Committed log payloads waiting for the executor.", node.Memory.CommittedUnexecutedBytes);
        Gauge(text, "plover_gc_heap_bytes", "Managed heap size after the last collection.", node.Memory.GcHeapBytes);
        Family(text, "plover_peer_connected", "gauge", "1 while the connection with a peer is up.");
        foreach (PeerStatus peer in node.Peers)
            Sample(text, "plover_peer_connected", "peer", peer.PeerId.ToString(CultureInfo.InvariantCulture), peer.State == PeerConnectionState.Connected ? 1 : 0);
        return text.ToString();
    }

    private static string KindName(Envelope.KindOneofCase kind)
    {
        string name = kind.ToString();
        var snake = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) snake.Append('_');
            snake.Append(char.ToLowerInvariant(name[i]));
        }
        return snake.ToString();
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Counter(StringBuilder text, string name, string help, double value)
    {
        Family(text, name, "counter", help);
        text.Append(name).Append(' ').Append(Format(value)).Append('\n');
    }

    private static void Gauge(StringBuilder text, string name, string help, double value)
    {
        Family(text, name, "gauge", help);
        text.Append(name).Append(' ').Append(Format(value)).Append('\n');
    }

    private static void Sample(StringBuilder text, string name, string label, string value, double sample) =>
        text.Append(name).Append('{').Append(label).Append("=\"").Append(value).Append("\"} ").Append(Format(sample)).Append('\n');

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
