namespace Plover.Faults;

/// <summary>
/// One step of a fault schedule: the fault, its target (a node, or two for a link), how long it
/// lasts, and the quiet gap before the next. The primary's node is known only when it is applied.
/// </summary>
public sealed record Fault(int Index, FaultKind Kind, uint Node, uint OtherNode, int HoldMs, int GapMs)
{
    public override string ToString() => Kind switch
    {
        FaultKind.KillNode => $"#{Index} kill -9 node {Node}, restart after {HoldMs} ms",
        FaultKind.KillPrimary => $"#{Index} kill -9 the primary, restart after {HoldMs} ms",
        FaultKind.PauseNode => $"#{Index} SIGSTOP node {Node} for {HoldMs} ms",
        FaultKind.CutLink => $"#{Index} cut link {Node}<->{OtherNode} for {HoldMs} ms",
        FaultKind.KillAll => $"#{Index} kill -9 every node, restart after {HoldMs} ms",
        _ => throw new InvalidOperationException($"unknown fault kind {Kind}"),
    };
}
