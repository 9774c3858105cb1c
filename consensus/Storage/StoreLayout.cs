using System.Text;

namespace Plover.Consensus.Storage;

/// <summary>Column families and metadata keys of a log store (FACTS.md: CF `log` and CF `meta`, plus CF `engine` for the host).</summary>
public static class StoreLayout
{
    public const uint FormatVersion = 1;

    public const string LogFamily = "log";
    public const string MetaFamily = "meta";
    public const string EngineFamily = "engine";

    public static readonly byte[] FormatVersionKey = Encoding.ASCII.GetBytes("format_version");
    public static readonly byte[] ClusterIdKey = Encoding.ASCII.GetBytes("cluster_id");
    public static readonly byte[] NodeIdKey = Encoding.ASCII.GetBytes("node_id");
    public static readonly byte[] PromisedKey = Encoding.ASCII.GetBytes("promised_ballot");
    public static readonly byte[] FirstSlotKey = Encoding.ASCII.GetBytes("first_slot");
    public static readonly byte[] CommitSlotKey = Encoding.ASCII.GetBytes("commit_slot");
    public static readonly byte[] RebuildingKey = Encoding.ASCII.GetBytes("rebuilding");

    /// <summary>Longest cluster id accepted (a UUID is 36 characters).</summary>
    public const int ClusterIdBytesMax = 256;
}
