using System.Text.Json;
using Plover.Engine.Checkpoints;

namespace Plover.Engine.Status;

// The "checkpoints" object of /status.
public static partial class StatusJson
{
    private static void WriteCheckpoints(Utf8JsonWriter json, CheckpointStatus? checkpoints)
    {
        if (checkpoints is null) return;
        json.WriteStartObject("checkpoints");
        json.WriteNumber("everyEpochs", checkpoints.EveryEpochs);
        json.WriteNumber("minIntervalMs", checkpoints.MinIntervalMs);
        WriteCheckpoint(json, "restored", checkpoints.Restored);
        WriteCheckpoint(json, "durable", checkpoints.Durable);
        json.WriteNumber("written", checkpoints.Written);
        json.WriteNumber("logFirstSlot", checkpoints.LogFirstSlot);
        json.WriteNumber("transferPageBytesReceived", checkpoints.TransferPageBytesReceived);
        json.WriteNumber("transferPagesServed", checkpoints.TransferPagesServed);
        json.WriteEndObject();
    }

    private static void WriteCheckpoint(Utf8JsonWriter json, string name, CheckpointMetadata? meta)
    {
        json.WritePropertyName(name);
        if (meta is null)
        {
            json.WriteNullValue();
            return;
        }
        json.WriteStartObject();
        json.WriteNumber("id", meta.Id);
        json.WriteNumber("slot", meta.Slot);
        json.WriteNumber("epoch", meta.Epoch);
        json.WriteNumber("pageCount", meta.PageCount);
        json.WriteString("digest", $"{meta.Digest:x16}");
        json.WriteEndObject();
    }
}
