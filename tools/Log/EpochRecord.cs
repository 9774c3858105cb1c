using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Plover.Cli.Log;

/// <summary>
/// One epoch's sync statistics as the engine stored them (CF <c>engine</c>, key <c>epoch/</c> + u64 BE
/// record number, value the JSON of <c>StatusJson.WriteEpoch</c>): pages dirtied, compared, identical
/// and sent, bytes, hash lists, the pause, the digest and each peer's result. <see cref="Json"/> keeps
/// the stored document so <c>--json</c> passes every field through.
/// </summary>
public sealed record EpochRecord(
    ulong Record, ulong Epoch, string Role, bool Takeover, long PagesDirtied, long PagesCompared, long PagesIdentical, long PagesSent,
    long BytesSent, long HashListsSent, long PauseMicroseconds, string Digest, bool DigestsEqual, long UnixTimeMs, string PeerResults, JsonElement Json)
{
    public static readonly byte[] KeyPrefix = Encoding.ASCII.GetBytes("epoch/");

    /// <summary>Every record kept, oldest first; a malformed one is an error naming its key.</summary>
    public static IReadOnlyList<EpochRecord> ReadAll(ReadOnlyStore store)
    {
        var records = new List<EpochRecord>();
        foreach (KeyValuePair<byte[], byte[]> kv in store.EngineValues(KeyPrefix)) records.Add(Parse(store, kv.Key, kv.Value));
        return records;
    }

    public static EpochRecord Parse(ReadOnlyStore store, byte[] key, byte[] value)
    {
        if (key.Length != KeyPrefix.Length + 8)
            throw new EpochRecordException($"{store.Path}: engine key {Encoding.ASCII.GetString(KeyPrefix)}{Convert.ToHexString(key.AsSpan(KeyPrefix.Length))} is not 'epoch/' followed by an 8-byte record number");
        ulong record = BinaryPrimitives.ReadUInt64BigEndian(key.AsSpan(KeyPrefix.Length));
        try
        {
            using JsonDocument document = JsonDocument.Parse(value);
            JsonElement root = document.RootElement.Clone();
            return new EpochRecord(record, root.GetProperty("epoch").GetUInt64(), root.GetProperty("role").GetString() ?? "",
                root.GetProperty("takeover").GetBoolean(), Long(root, "pagesDirtied"), Long(root, "pagesCompared"), Long(root, "pagesIdentical"),
                Long(root, "pagesSent"), Long(root, "bytesSent"), Long(root, "hashListsSent"), Long(root, "pauseMicroseconds"),
                root.GetProperty("digest").GetString() ?? "", root.GetProperty("digestsEqual").GetBoolean(), Long(root, "unixTimeMs"),
                PeerResultsOf(root), root);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EpochRecordException($"{store.Path}: epoch statistics record {record} is malformed: {e.Message}");
        }
    }

    private static long Long(JsonElement root, string name) => root.GetProperty(name).GetInt64();

    private static string PeerResultsOf(JsonElement root)
    {
        if (!root.TryGetProperty("peers", out JsonElement peers) || peers.ValueKind != JsonValueKind.Array) return "";
        return string.Join(' ', peers.EnumerateArray().Select(p => $"{p.GetProperty("node").GetUInt32()}:{p.GetProperty("result").GetString()}"));
    }
}

/// <summary>An epoch statistics record of the engine's column family does not parse.</summary>
public sealed class EpochRecordException(string message) : Exception(message);
