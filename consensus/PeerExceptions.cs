using Plover.Consensus.Messages;

namespace Plover.Consensus;

/// <summary>A message whose sender is not a member of the cluster (or is this node itself).</summary>
public sealed class NonMemberMessageException(int from, MessageKind kind, int self)
    : Exception($"node {self} rejected a {kind} message from node {from}, which is not a peer in this cluster")
{
    public int From { get; } = from;
    public MessageKind Kind { get; } = kind;
}

/// <summary>A message from a member that breaks a rule of the protocol no correct peer breaks.</summary>
public sealed class ProtocolViolationException(int from, MessageKind kind, string problem)
    : Exception($"{kind} from node {from} violates the protocol: {problem}")
{
    public int From { get; } = from;
    public MessageKind Kind { get; } = kind;
    public string Problem { get; } = problem;
}
