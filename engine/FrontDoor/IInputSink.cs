using Plover.Engine.Execution;
using Plover.Engine.Hosting;
using Plover.Engine.Log;

namespace Plover.Engine.FrontDoor;

/// <summary>Where a primary's client inputs go: the log (through the batcher) or, in Remus and unreplicated, straight to the executor.</summary>
public interface IInputSink
{
    /// <summary>Queues an input of the primary <paramref name="ballot"/>; false when full (data only) or that primary is over.</summary>
    bool TryAdd(ulong ballot, LogEntry entry);

    /// <summary>Completes when a refused input may be offered again.</summary>
    Task WaitForRoomAsync(CancellationToken cancellation);
}

/// <summary>Inputs through the log: the leader's batcher, with the consensus loop woken to propose them.</summary>
public sealed class LogInputSink : IInputSink
{
    private readonly ProposalBatcher batcher;
    private readonly Action nudge;
    private TaskCompletionSource room = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LogInputSink(ProposalBatcher batcher, Action nudge)
    {
        this.batcher = batcher;
        this.nudge = nudge;
        batcher.RoomAvailable += () => Interlocked.Exchange(ref room, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public bool TryAdd(ulong ballot, LogEntry entry)
    {
        bool added = batcher.TryAdd(ballot, entry);
        if (added) nudge();
        return added;
    }

    public Task WaitForRoomAsync(CancellationToken cancellation) => Volatile.Read(ref room).Task.WaitAsync(TimeSpan.FromMilliseconds(100), cancellation)
        .ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}

/// <summary>Inputs straight to the executor (Remus primary, unreplicated node): the guest runs them as they come.</summary>
public sealed class DirectInputSink(ExecutorInbox executor, ServingState serving) : IInputSink
{
    /// <summary>Events waiting for the executor past which client data is held back (connects and closes always pass).</summary>
    public const int QueuedMax = 16_384;

    private static readonly TimeSpan RoomPoll = TimeSpan.FromMilliseconds(1);

    public bool TryAdd(ulong ballot, LogEntry entry)
    {
        if (serving.Ballot != ballot) return false;
        if (entry is DataEntry && executor.Count >= QueuedMax) return false;
        executor.Post(new DirectInput(entry));
        return true;
    }

    public Task WaitForRoomAsync(CancellationToken cancellation) => Task.Delay(RoomPoll, cancellation);
}
