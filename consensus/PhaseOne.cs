using Plover.Consensus.Messages;

namespace Plover.Consensus;

/// <summary>
/// A candidate's phase 1 for one ballot over every open slot (from its commit slot + 1 on): which
/// acceptors have promised (all pages received), which refused, and for each slot the value
/// accepted in the highest ballot any of them reported.
/// </summary>
internal sealed class PhaseOne
{
    private readonly Dictionary<ulong, LogEntry> _highest = [];
    private readonly Dictionary<int, ulong> _expectedPage = [];
    private readonly Dictionary<int, ulong> _commits = [];
    private readonly HashSet<int> _refused = [];

    public PhaseOne(Ballot ballot, ulong fromSlot, ulong candidateCommit, HashSet<int> knownLearners)
    {
        Ballot = ballot;
        FromSlot = fromSlot;
        CandidateCommit = candidateCommit;
        KnownLearners = knownLearners;
    }

    /// <summary>Members known to be rebuilding when this phase 1 began (it may promote them).</summary>
    public HashSet<int> KnownLearners { get; }

    public Ballot Ballot { get; }

    public ulong FromSlot { get; }

    public ulong CandidateCommit { get; }

    /// <summary>The highest slot any promise (or the candidate's own log) reported, or 0.</summary>
    public ulong MaxSlot { get; private set; }

    /// <summary>Peers whose promise is complete, with the commit slot each reported.</summary>
    public IReadOnlyDictionary<int, ulong> PromisedCommits => _commits;

    public int RefusedCount => _refused.Count;

    public bool HasPromised(int peer) => _commits.ContainsKey(peer);

    public bool HasAnswered(int peer) => _commits.ContainsKey(peer) || _refused.Contains(peer);

    /// <summary>Where the next page from <paramref name="peer"/> should start.</summary>
    public ulong ExpectedPage(int peer) => _expectedPage.GetValueOrDefault(peer, FromSlot);

    /// <summary>
    /// Records one page of a promise. Returns the slot of the next page to ask for, or 0 when the
    /// page was the last one (or was stale or duplicated and changed nothing).
    /// </summary>
    public ulong RecordPage(Promise page)
    {
        Invariant.Check(page.Ballot == Ballot, "a promise page for another ballot");
        if (HasAnswered(page.From) || page.FromSlot != ExpectedPage(page.From)) return 0;
        foreach (LogEntry entry in page.Entries) Consider(entry);
        if (page.IsLastPage)
        {
            _commits[page.From] = page.AcceptorCommit;
            return 0;
        }
        _expectedPage[page.From] = page.NextSlot;
        return page.NextSlot;
    }

    public void RecordRefusal(int peer)
    {
        if (!HasPromised(peer)) _refused.Add(peer);
    }

    /// <summary>Adds what the candidate itself accepted (read when it promises its own ballot).</summary>
    public void RecordOwn(IEnumerable<LogEntry> entries)
    {
        foreach (LogEntry entry in entries) Consider(entry);
    }

    /// <summary>The value to propose for <paramref name="slot"/>: the highest-ballot one reported, or a no-op.</summary>
    public SlotValue ValueFor(ulong slot) => _highest.TryGetValue(slot, out LogEntry? entry) ? entry.Value : SlotValue.NoOp;

    private void Consider(LogEntry entry)
    {
        if (entry.Slot < FromSlot) return;
        Invariant.Check(entry.Ballot < Ballot, "an acceptor reported a value accepted at or above the ballot being prepared");
        if (!_highest.TryGetValue(entry.Slot, out LogEntry? current) || entry.Ballot > current.Ballot)
        {
            _highest[entry.Slot] = entry;
        }
        else if (entry.Ballot == current.Ballot && !entry.Value.Equals(current.Value))
        {
            throw Invariant.Violated($"two values accepted for slot {entry.Slot} in the same ballot {entry.Ballot}");
        }
        MaxSlot = Math.Max(MaxSlot, entry.Slot);
    }
}
