using System.Buffers.Binary;
using System.Text;
using Plover.Consensus;
using Plover.Consensus.Storage;

namespace Plover.Cli.Log;

/// <summary>
/// The store's metadata (CF <c>meta</c>) and the engine's incarnation: who the store belongs to,
/// what it promised, which slots it holds and which are committed. <see cref="Read"/> refuses a
/// store of a newer format version before looking at anything else.
/// </summary>
public sealed record StoreMetadata(
    uint FormatVersion, string ClusterId, uint NodeId, Ballot Promised, ulong FirstSlot, ulong CommitSlot, bool Rebuilding, uint? Incarnation)
{
    public static readonly byte[] IncarnationKey = Encoding.ASCII.GetBytes("meta/incarnation");

    public static StoreMetadata Read(ReadOnlyStore store)
    {
        byte[] version = store.ReadMeta(StoreLayout.FormatVersionKey) ?? throw MissingVersion(store);
        uint formatVersion = UInt32(store, version, "format_version");
        if (formatVersion > StoreLayout.FormatVersion)
            throw new LogToolException(LogToolError.NewerFormat,
                $"{store.Path} has store format version {formatVersion}, written by a newer Plover; this build reads version {StoreLayout.FormatVersion} and older. Use a newer plover to inspect it.");
        if (formatVersion < 1) throw Damaged(store, $"format_version is {formatVersion}, which no Plover writes");
        var metadata = new StoreMetadata(
            formatVersion,
            Encoding.UTF8.GetString(Require(store, StoreLayout.ClusterIdKey, "cluster_id")),
            UInt32(store, Require(store, StoreLayout.NodeIdKey, "node_id"), "node_id"),
            Ballot.FromUInt64(UInt64(store, Require(store, StoreLayout.PromisedKey, "promised_ballot"), "promised_ballot")),
            UInt64(store, Require(store, StoreLayout.FirstSlotKey, "first_slot"), "first_slot"),
            UInt64(store, Require(store, StoreLayout.CommitSlotKey, "commit_slot"), "commit_slot"),
            ReadRebuilding(store),
            ReadIncarnation(store));
        if (metadata.FirstSlot < 1 || metadata.CommitSlot + 1 < metadata.FirstSlot)
            throw Damaged(store, $"first slot {metadata.FirstSlot} and commit slot {metadata.CommitSlot} are inconsistent");
        return metadata;
    }

    private static LogToolException MissingVersion(ReadOnlyStore store)
    {
        using var it = store.Db.NewIterator(store.Log);
        it.SeekToFirst();
        return it.Valid
            ? Damaged(store, "log entries exist but the metadata key 'format_version' is missing")
            : new LogToolException(LogToolError.NotAPloverStore, $"{store.Path} has Plover's column families but no format_version: it was never initialised as a Plover store");
    }

    private static bool ReadRebuilding(ReadOnlyStore store) => store.ReadMeta(StoreLayout.RebuildingKey) switch
    {
        null or [0] => false,
        [1] => true,
        { } other => throw Damaged(store, $"'rebuilding' holds {Convert.ToHexString(other)}, expected 00 or 01"),
    };

    private static uint? ReadIncarnation(ReadOnlyStore store)
    {
        byte[]? value = store.Db.Get(store.Engine, IncarnationKey);
        return value is null ? null : UInt32(store, value, "engine meta/incarnation");
    }

    private static byte[] Require(ReadOnlyStore store, byte[] key, string name) =>
        store.ReadMeta(key) ?? throw Damaged(store, $"metadata key '{name}' is missing");

    private static uint UInt32(ReadOnlyStore store, byte[] value, string name) => value.Length == 4
        ? BinaryPrimitives.ReadUInt32BigEndian(value)
        : throw Damaged(store, $"'{name}' has {value.Length} bytes, expected 4");

    private static ulong UInt64(ReadOnlyStore store, byte[] value, string name) => value.Length == 8
        ? BinaryPrimitives.ReadUInt64BigEndian(value)
        : throw Damaged(store, $"'{name}' has {value.Length} bytes, expected 8");

    private static LogToolException Damaged(ReadOnlyStore store, string problem) =>
        new(LogToolError.DamagedMetadata, $"{store.Path}: damaged metadata: {problem}");
}
