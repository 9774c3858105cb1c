using System.Diagnostics.CodeAnalysis;

namespace Plover.Engine.Security;

/// <summary>
/// Who a node is: the cluster it belongs to and its node id within that cluster. Node certificates
/// carry it as the SAN URI <c>plover://&lt;cluster-id&gt;/node/&lt;n&gt;</c>, which the transport checks
/// against the peer's hello and against our own cluster.
/// </summary>
public sealed record NodeIdentity
{
    public const int ClusterIdCharsMax = 64;
    public const uint NodeIdMax = 64;
    public const string UriScheme = "plover";

    public NodeIdentity(string clusterId, uint nodeId)
    {
        if (!IsValidClusterId(clusterId))
            throw new ArgumentException(
                $"cluster id '{clusterId}' is not 1..{ClusterIdCharsMax} characters of a-z, 0-9 and '-'", nameof(clusterId));
        if (!IsValidNodeId(nodeId))
            throw new ArgumentOutOfRangeException(nameof(nodeId), nodeId, $"node id must be 1..{NodeIdMax}");
        ClusterId = clusterId;
        NodeId = nodeId;
    }

    public string ClusterId { get; }

    public uint NodeId { get; }

    /// <summary>Lower-case letters, digits and '-' only, so the id is a valid URI host as it stands (a UUID fits).</summary>
    public static bool IsValidClusterId([NotNullWhen(true)] string? clusterId)
    {
        if (string.IsNullOrEmpty(clusterId) || clusterId.Length > ClusterIdCharsMax) return false;
        foreach (char c in clusterId)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')) return false;
        }
        return true;
    }

    public static bool IsValidNodeId(uint nodeId) => nodeId is >= 1 and <= NodeIdMax;

    public Uri ToUri() => new($"{UriScheme}://{ClusterId}/node/{NodeId}");

    /// <summary>Parses exactly the form <see cref="ToUri"/> writes; anything else is not an identity.</summary>
    public static bool TryParseUri(string text, [NotNullWhen(true)] out NodeIdentity? identity)
    {
        identity = null;
        string prefix = UriScheme + "://";
        if (!text.StartsWith(prefix, StringComparison.Ordinal)) return false;
        string[] parts = text[prefix.Length..].Split('/');
        if (parts.Length != 3 || parts[1] != "node") return false;
        if (!IsValidClusterId(parts[0])) return false;
        if (parts[2].Length == 0 || parts[2].Length > 3 || parts[2].Any(c => c is < '0' or > '9') || parts[2][0] == '0') return false;
        uint nodeId = uint.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        if (!IsValidNodeId(nodeId)) return false;
        identity = new NodeIdentity(parts[0], nodeId);
        return true;
    }

    public override string ToString() => $"node {NodeId} of cluster {ClusterId}";
}
