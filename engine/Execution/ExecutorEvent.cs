using Plover.Engine.Log;
using Plover.Engine.Wire;

namespace Plover.Engine.Execution;

/// <summary>Work for the executor's thread, in the order it arrived.</summary>
public abstract record ExecutorEvent;

/// <summary>A committed log payload (a <see cref="LogBatch"/>), in slot order.</summary>
public sealed record CommittedPayload(ulong Slot, byte[] Payload) : ExecutorEvent;

/// <summary>An epoch sync message from a peer.</summary>
public sealed record SyncReceived(uint From, Envelope Message) : ExecutorEvent;

/// <summary>Consensus leadership changed (as this node's consensus core now sees it).</summary>
public sealed record LeadershipChanged(Leadership Leadership) : ExecutorEvent;

/// <summary>A client input executed directly, without the log (Remus primary, unreplicated node).</summary>
public sealed record DirectInput(LogEntry Entry) : ExecutorEvent;

/// <summary>Stop after what is queued before it.</summary>
public sealed record StopExecutor : ExecutorEvent;

/// <summary>
/// Leadership as consensus reports it: this node's role, the leader it knows of and that leader's
/// ballot (packed), or none.
/// </summary>
public sealed record Leadership(bool IsLeader, uint? LeaderId, ulong Ballot)
{
    public static readonly Leadership Unknown = new(false, null, 0);

    public override string ToString() => IsLeader ? $"leader (ballot {Ballot:x})" : LeaderId is { } id ? $"following node {id} (ballot {Ballot:x})" : "no leader known";
}
