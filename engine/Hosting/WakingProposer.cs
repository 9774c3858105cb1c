using Plover.Engine.Execution;

namespace Plover.Engine.Hosting;

/// <summary>
/// The executor's requests to the batcher, each followed by a wake of the consensus loop: when all
/// clients wait for the outputs of an epoch, no client input arrives to carry its epoch end, and
/// without the wake the request would sit until the next tick.
/// </summary>
public sealed class WakingProposer(IEpochProposer batcher, Action wake) : IEpochProposer
{
    public void RequestEpochEnd()
    {
        batcher.RequestEpochEnd();
        wake();
    }

    public void EpochEndExecuted() => batcher.EpochEndExecuted();

    public void RequestTimeAdvance()
    {
        batcher.RequestTimeAdvance();
        wake();
    }

    public void RetryTakeover(ulong ballot)
    {
        batcher.RetryTakeover(ballot);
        wake();
    }
}
