namespace Plover.Consensus.Messages;

/// <summary>The kind byte that starts every encoded message after the version.</summary>
public enum MessageKind : byte
{
    Prepare = 1,
    Promise = 2,
    Accept = 3,
    Accepted = 4,
    Heartbeat = 5,
    Rejected = 6,
    InstallSnapshot = 7,
    Promote = 8,
}

/// <summary>
/// A message between members. The transport authenticates peers, so a message carries only its
/// sender's id; <see cref="PaxosNode.Step"/> rejects a sender that is not a member.
/// </summary>
public abstract record PaxosMessage(int From)
{
    public abstract MessageKind Kind { get; }

    /// <summary>The ballot the message is about (the proposer's ballot, for requests and replies alike).</summary>
    public abstract Ballot Ballot { get; }
}

/// <summary>Phase 1a: "promise me <see cref="Ballot"/> and tell me what you accepted from <see cref="FromSlot"/> on."</summary>
/// <param name="CandidateCommit">The candidate's commit slot; an acceptor that knows more chosen slots refuses.</param>
public sealed record Prepare(int From, Ballot Ballot, ulong FromSlot, ulong CandidateCommit) : PaxosMessage(From)
{
    public override MessageKind Kind => MessageKind.Prepare;
    public override Ballot Ballot { get; } = Ballot;
}

/// <summary>
/// Phase 1b, one page: the acceptor promised <see cref="Ballot"/> and accepted these entries at or
/// above <see cref="FromSlot"/>. <see cref="NextSlot"/> is 0 on the last page, else where the next
/// page starts (the candidate asks for it with another Prepare).
/// </summary>
public sealed record Promise(int From, Ballot Ballot, ulong FromSlot, ulong AcceptorCommit, ulong NextSlot, IReadOnlyList<LogEntry> Entries)
    : PaxosMessage(From)
{
    public override MessageKind Kind => MessageKind.Promise;
    public override Ballot Ballot { get; } = Ballot;
    public bool IsLastPage => NextSlot == 0;
}

/// <summary>
/// Phase 2a, pipelined and batched: accept <see cref="Values"/> for the slots from
/// <see cref="FirstSlot"/> on, in <see cref="Ballot"/>. Carries the leader's commit slot.
/// </summary>
public sealed record Accept(int From, Ballot Ballot, ulong FirstSlot, ulong LeaderCommit, IReadOnlyList<SlotValue> Values) : PaxosMessage(From)
{
    public override MessageKind Kind => MessageKind.Accept;
    public override Ballot Ballot { get; } = Ballot;
    public ulong LastSlot => FirstSlot + (ulong)Values.Count - 1;
}

/// <summary>
/// Phase 2b, cumulative: every slot above the acceptor's <see cref="Commit"/> up to
/// <see cref="Through"/> is durably accepted in <see cref="Ballot"/>, and every slot up to Commit
/// holds its chosen value. <see cref="Received"/> is the last slot of the accept being answered
/// (0 for a heartbeat): above Through it tells the leader the acceptor has a gap.
/// <see cref="Learner"/> marks a node being rebuilt: it claims only chosen slots (Through equals
/// Commit) and waits for <see cref="Promote"/>.
/// </summary>
public sealed record Accepted(int From, Ballot Ballot, ulong Through, ulong Commit, ulong Received, bool Learner = false) : PaxosMessage(From)
{
    public override MessageKind Kind => MessageKind.Accepted;
    public override Ballot Ballot { get; } = Ballot;
}

/// <summary>The leader is alive in <see cref="Ballot"/>; carries its commit slot. Answered by <see cref="Accepted"/>.</summary>
public sealed record Heartbeat(int From, Ballot Ballot, ulong LeaderCommit) : PaxosMessage(From)
{
    public override MessageKind Kind => MessageKind.Heartbeat;
    public override Ballot Ballot { get; } = Ballot;
}

/// <summary>Why an acceptor refused a request.</summary>
public enum RejectReason : byte
{
    /// <summary>The acceptor promised a higher ballot (<see cref="Rejected.Promised"/>).</summary>
    HigherBallot = 1,
    /// <summary>The candidate's commit slot is below the acceptor's: a better-informed node should lead.</summary>
    CandidateBehind = 2,
}

/// <summary>A refusal of <see cref="Ballot"/> (a prepare, accept, heartbeat or snapshot).</summary>
public sealed record Rejected(int From, Ballot Ballot, Ballot Promised, ulong AcceptorCommit, RejectReason Reason) : PaxosMessage(From)
{
    public override MessageKind Kind => MessageKind.Rejected;
    public override Ballot Ballot { get; } = Ballot;
}

/// <summary>
/// The leader tells a node being rebuilt that it may vote again: <see cref="Ballot"/> was
/// established by every other member after the rebuild began, and the learner holds every slot up
/// to <see cref="ThroughSlot"/> (all that phase 1 of that ballot re-proposed).
/// </summary>
public sealed record Promote(int From, Ballot Ballot, ulong ThroughSlot) : PaxosMessage(From)
{
    public override MessageKind Kind => MessageKind.Promote;
    public override Ballot Ballot { get; } = Ballot;
}

/// <summary>
/// Catch-up past truncation: the leader's host produced <see cref="Payload"/>, a snapshot covering
/// every slot up to <see cref="Slot"/>. The follower installs it and continues at Slot + 1.
/// </summary>
public sealed record InstallSnapshot(int From, Ballot Ballot, ulong Slot, ulong LeaderCommit, byte[] Payload) : PaxosMessage(From)
{
    public override MessageKind Kind => MessageKind.InstallSnapshot;
    public override Ballot Ballot { get; } = Ballot;
}
