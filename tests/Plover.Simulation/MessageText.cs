using Plover.Consensus;
using Plover.Consensus.Messages;

namespace Plover.Simulation;

/// <summary>One-line descriptions of Paxos messages for traces.</summary>
internal static class MessageText
{
    public static string Describe(PaxosMessage message) => message switch
    {
        Prepare m => $"Prepare {m.Ballot} from slot {m.FromSlot} (candidate commit {m.CandidateCommit})",
        Promise m => $"Promise {m.Ballot} from slot {m.FromSlot}: {m.Entries.Count} entries, commit {m.AcceptorCommit}{(m.IsLastPage ? "" : $", next page {m.NextSlot}")}",
        Accept m => $"Accept {m.Ballot} slots {m.FirstSlot}..{m.LastSlot} commit {m.LeaderCommit}",
        Accepted m => $"Accepted {m.Ballot} through {m.Through} commit {m.Commit} received {m.Received}{(m.Learner ? " (learner)" : "")}",
        Heartbeat m => $"Heartbeat {m.Ballot} commit {m.LeaderCommit}",
        Rejected m => $"Rejected {m.Ballot} ({m.Reason}, promised {m.Promised}, commit {m.AcceptorCommit})",
        InstallSnapshot m => $"InstallSnapshot {m.Ballot} through slot {m.Slot} ({m.Payload.Length} bytes)",
        Promote m => $"Promote {m.Ballot} (caught up through slot {m.ThroughSlot})",
        _ => message.GetType().Name,
    };

    public static string Describe(SlotValue value) => value.IsNoOp
        ? "no-op"
        : string.Join(",", value.Payloads.Select(p => Payloads.IdOf(p).ToString()));
}
