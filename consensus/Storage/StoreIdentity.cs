namespace Plover.Consensus.Storage;

/// <summary>Which cluster and node a store belongs to, recorded when it is created.</summary>
public sealed record StoreIdentity(string ClusterId, int NodeId)
{
    public override string ToString() => $"cluster '{ClusterId}' node {NodeId}";
}
