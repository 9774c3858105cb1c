using Plover.Consensus;

namespace Plover.Simulation;

/// <summary>
/// What every node durably accepted for one slot, as only a simulator can see it: the slot is
/// chosen once a majority holds the same ballot (and so the same value).
/// </summary>
internal sealed class SlotTally
{
    private readonly Ballot[] _ballots;
    private readonly SlotValue?[] _values;

    public SlotTally(int nodeCount)
    {
        _ballots = new Ballot[nodeCount];
        _values = new SlotValue?[nodeCount];
    }

    public SlotValue? Chosen { get; private set; }

    /// <summary>Node <paramref name="index"/> lost its disk: it no longer holds anything here.</summary>
    public void Forget(int index)
    {
        _ballots[index] = Ballot.Zero;
        _values[index] = null;
    }

    /// <summary>The lowest ballot in which the chosen value was seen held by a majority.</summary>
    public Ballot ChosenBallot { get; private set; }

    /// <summary>
    /// Records that node <paramref name="index"/> now durably holds <paramref name="entry"/>.
    /// Returns true when this made the slot chosen for the first time.
    /// </summary>
    public bool Record(int index, LogEntry entry, int majority)
    {
        if (Chosen is not null && entry.Ballot >= ChosenBallot && !entry.Value.Equals(Chosen))
            throw new SimulationViolationException(
                $"slot {entry.Slot}: node {index + 1} accepted {MessageText.Describe(entry.Value)} in {entry.Ballot}, but {MessageText.Describe(Chosen)} was chosen in {ChosenBallot}");
        _ballots[index] = entry.Ballot;
        _values[index] = entry.Value;
        int holders = 0;
        for (int i = 0; i < _ballots.Length; i++)
        {
            if (_values[i] is null || _ballots[i] != entry.Ballot) continue;
            if (!_values[i]!.Equals(entry.Value))
                throw new SimulationViolationException($"slot {entry.Slot}: two values accepted in the same ballot {entry.Ballot}");
            holders++;
        }
        if (holders < majority) return false;
        if (Chosen is null)
        {
            Chosen = entry.Value;
            ChosenBallot = entry.Ballot;
            return true;
        }
        if (!Chosen.Equals(entry.Value))
            throw new SimulationViolationException(
                $"slot {entry.Slot}: two values chosen: {MessageText.Describe(Chosen)} in {ChosenBallot} and {MessageText.Describe(entry.Value)} in {entry.Ballot}");
        if (entry.Ballot < ChosenBallot) ChosenBallot = entry.Ballot;
        return false;
    }
}
