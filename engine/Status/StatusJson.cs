using System.Text.Json;
using Plover.Engine.Epochs;
using Plover.Engine.Transport;

namespace Plover.Engine.Status;

/// <summary>The /status document (and /epochs): written field by field so its shape is the contract, not a serializer's guess.</summary>
public static partial class StatusJson
{
    public static byte[] Status(NodeSnapshot node)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("cluster", node.ClusterId);
            json.WriteNumber("node", node.NodeId);
            json.WriteString("mode", node.Mode);
            json.WriteString("nondeterminism", node.Nondeterminism);
            json.WriteString("health", node.Health);
            json.WriteString("role", node.Role);
            json.WriteBoolean("serving", node.ServingBallot != 0);
            WriteLeadership(json, node);
            WriteExecution(json, node);
            WriteClients(json, node);
            WriteMemory(json, node.Memory);
            WriteReplication(json, node);
            WritePeers(json, node);
            WriteCheckpoints(json, node.Checkpoints);
            json.WritePropertyName("lastEpoch");
            if (node.RecentEpochs.LastOrDefault() is { } last) WriteEpoch(json, last);
            else json.WriteNullValue();
            if (node.Fatal is { } fatal) json.WriteString("fatal", fatal);
            json.WriteString("startedAt", node.StartedAt.ToString("O"));
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static byte[] Epochs(NodeSnapshot node)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (EpochStatistics epoch in node.RecentEpochs) WriteEpoch(json, epoch);
            json.WriteEndArray();
        }
        return stream.ToArray();
    }

    private static void WriteLeadership(Utf8JsonWriter json, NodeSnapshot node)
    {
        json.WritePropertyName("leader");
        if (node.Leadership.LeaderId is { } leader) json.WriteNumberValue(leader);
        else json.WriteNullValue();
        json.WriteString("ballot", $"{node.Leadership.Ballot:x}");
        json.WriteNumber("commitSlot", node.CommitSlot);
    }

    private static void WriteExecution(Utf8JsonWriter json, NodeSnapshot node)
    {
        var executor = node.Executor;
        json.WriteNumber("epoch", executor.Epoch);
        json.WriteNumber("executedSlot", executor.LastSlot);
        json.WriteNumber("lastSyncedEpoch", executor.LastSynced.Epoch);
        json.WriteString("lastSyncedDigest", $"{executor.LastSynced.Digest:x16}");
        json.WriteString("logHash", $"{executor.LogHash:x16}");
        json.WriteNumber("entriesExecuted", executor.EntriesExecuted);
        json.WritePropertyName("guestFault");
        if (executor.GuestFault is { } fault) json.WriteStringValue(fault);
        else json.WriteNullValue();
        json.WriteNumber("outputsPending", executor.OutputsPending);
        json.WriteNumber("outputsReleased", executor.OutputsReleased);
        json.WriteStartObject("epochTotals");
        json.WriteNumber("epochs", executor.EpochsTotal);
        json.WriteNumber("pagesDirtied", executor.EpochPagesDirtiedTotal);
        json.WriteNumber("pagesCompared", executor.EpochPagesComparedTotal);
        json.WriteNumber("pagesSent", executor.EpochPagesSentTotal);
        json.WriteNumber("hashLists", executor.EpochHashListsTotal);
        json.WriteNumber("repairs", executor.EpochRepairsTotal);
        json.WriteNumber("pauseMicroseconds", executor.EpochPauseMicrosecondsTotal);
        json.WriteEndObject();
    }

    private static void WriteClients(Utf8JsonWriter json, NodeSnapshot node)
    {
        json.WriteStartObject("clients");
        json.WriteString("endpoint", node.ServiceEndpoint);
        json.WriteNumber("open", node.ClientsOpen);
        json.WriteNumber("accepted", node.ClientsAccepted);
        json.WriteNumber("forwardedHere", node.ForwardedClientsOpen);
        json.WriteNumber("bytesIn", node.ClientBytesIn);
        json.WriteNumber("inputWaits", node.ClientInputWaits);
        json.WriteNumber("closedStalled", node.ClientsClosedStalled);
        json.WriteEndObject();
    }

    private static void WriteMemory(Utf8JsonWriter json, NodeMemory memory)
    {
        json.WriteStartObject("memory");
        json.WriteNumber("gcHeapBytes", memory.GcHeapBytes);
        json.WriteNumber("gcCommittedBytes", memory.GcCommittedBytes);
        json.WriteStartArray("gcGenerationBytes");
        foreach (long bytes in memory.GcGenerationBytes) json.WriteNumberValue(bytes);
        json.WriteEndArray();
        json.WriteNumber("gcFragmentedBytes", memory.GcFragmentedBytes);
        json.WriteNumber("gcFullCollections", memory.GcFullCollections);
        json.WriteNumber("batcherPendingBytes", memory.BatcherPendingBytes);
        json.WriteNumber("committedUnexecutedBytes", memory.CommittedUnexecutedBytes);
        json.WriteNumber("clientUnexecutedBytes", memory.ClientUnexecutedBytes);
        json.WriteNumber("logSlotsInMemory", memory.LogSlotsInMemory);
        json.WriteEndObject();
    }

    private static void WriteReplication(Utf8JsonWriter json, NodeSnapshot node)
    {
        ReplicationBytes bytes = node.Replication;
        json.WriteStartObject("bytesSent");
        json.WriteNumber("log", bytes.Log);
        json.WriteNumber("hashes", bytes.Hashes);
        json.WriteNumber("pages", bytes.Pages);
        json.WriteNumber("other", bytes.Other);
        json.WriteEndObject();
    }

    private static void WritePeers(Utf8JsonWriter json, NodeSnapshot node)
    {
        json.WriteStartArray("peers");
        foreach (PeerStatus peer in node.Peers)
        {
            json.WriteStartObject();
            json.WriteNumber("node", peer.PeerId);
            json.WriteString("endpoint", peer.Endpoint.ToString());
            json.WriteString("state", peer.State.ToString().ToLowerInvariant());
            json.WriteNumber("connections", peer.ConnectionsOpened);
            json.WriteNumber("queuedBytes", peer.QueuedBytes);
            if (peer.LastError is { } error) json.WriteString("lastError", error);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public static void WriteEpoch(Utf8JsonWriter json, EpochStatistics epoch)
    {
        json.WriteStartObject();
        json.WriteNumber("epoch", epoch.Epoch);
        json.WriteString("role", epoch.Role);
        json.WriteBoolean("takeover", epoch.Takeover);
        json.WriteNumber("pagesDirtied", epoch.PagesDirtied);
        json.WriteNumber("pagesCompared", epoch.PagesCompared);
        json.WriteNumber("pagesIdentical", epoch.PagesIdentical);
        json.WriteNumber("pagesSent", epoch.PagesSent);
        json.WriteNumber("bytesSent", epoch.BytesSent);
        json.WriteNumber("hashListsSent", epoch.HashListsSent);
        json.WriteNumber("pauseMicroseconds", epoch.PauseMicroseconds);
        json.WriteString("digest", $"{epoch.Digest:x16}");
        json.WriteBoolean("digestsEqual", epoch.DigestsEqual);
        json.WriteNumber("unixTimeMs", epoch.UnixTimeMs);
        json.WriteStartArray("peers");
        foreach (PeerSync peer in epoch.Peers)
        {
            json.WriteStartObject();
            json.WriteNumber("node", peer.Peer);
            json.WriteString("result", peer.Result.ToString().ToLowerInvariant());
            json.WriteNumber("pagesCompared", peer.PagesCompared);
            json.WriteNumber("pagesSent", peer.PagesSent);
            json.WriteNumber("bytesSent", peer.BytesSent);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
