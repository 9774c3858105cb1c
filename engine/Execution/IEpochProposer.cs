namespace Plover.Engine.Execution;

/// <summary>What the executor asks of the node's proposer (the consensus loop's batcher) when this node leads.</summary>
public interface IEpochProposer
{
    /// <summary>End the epoch: append an EpochEnd to the next proposal, unless one is already on its way.</summary>
    void RequestEpochEnd();

    /// <summary>An EpochEnd was executed: the next request may propose another.</summary>
    void EpochEndExecuted();

    /// <summary>Deterministic mode: the guest waits for a deadline; propose a batch (even empty) so the log's clock moves on.</summary>
    void RequestTimeAdvance();

    /// <summary>The takeover of <paramref name="ballot"/> failed (no peer answered, or its state could not be pulled): propose it again.</summary>
    void RetryTakeover(ulong ballot);
}

/// <summary>Which primary, if any, this node serves clients as: the ballot whose takeover it completed, or 0.</summary>
public sealed class ServingState
{
    private long ballot;

    public ulong Ballot => (ulong)Interlocked.Read(ref ballot);

    public bool IsServing => Ballot != 0;

    public event Action<ulong>? Changed;

    public void Set(ulong value)
    {
        if ((ulong)Interlocked.Exchange(ref ballot, (long)value) != value) Changed?.Invoke(value);
    }
}
