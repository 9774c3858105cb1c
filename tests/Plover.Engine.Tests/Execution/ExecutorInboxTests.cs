using Plover.Engine.Execution;

namespace Plover.Engine.Tests.Execution;

public class ExecutorInboxTests
{
    private const int Batch = 512 * 1024;

    [Fact]
    public void The_committed_backlog_is_full_at_its_bound_and_says_when_it_drained()
    {
        var inbox = new ExecutorInbox();
        int drained = 0;
        inbox.CommittedBacklogDrained += () => drained++;
        int batches = (int)(ExecutorInbox.CommittedBytesProposeMax / Batch);
        for (ulong slot = 1; slot < (ulong)batches; slot++) inbox.Post(new CommittedPayload(slot, new byte[Batch]));
        inbox.Post(new SyncReceived(2, new Wire.Envelope())); // not a committed payload: counts for nothing
        Assert.False(inbox.CommittedBacklogFull);
        inbox.Post(new CommittedPayload((ulong)batches, new byte[Batch]));
        Assert.True(inbox.CommittedBacklogFull);
        Assert.Equal(ExecutorInbox.CommittedBytesProposeMax, inbox.CommittedBytesWaiting);

        // Taking an event out is not executing it (an epoch sync may defer it): the bytes still count.
        var first = (CommittedPayload)inbox.Take(TimeSpan.Zero)!;
        Assert.True(inbox.CommittedBacklogFull);
        inbox.CommittedExecuted(first);
        Assert.False(inbox.CommittedBacklogFull);
        Assert.Equal(1, drained);
        Assert.IsType<SyncReceived>(inbox.Take(TimeSpan.Zero));
        inbox.CommittedExecuted((CommittedPayload)inbox.Take(TimeSpan.Zero)!);
        Assert.Equal(0, inbox.CommittedBytesWaiting);
        Assert.Equal(1, drained);
    }

    [Fact]
    public void Executing_more_than_was_committed_is_an_invariant_violation()
    {
        var inbox = new ExecutorInbox();
        Assert.Throws<InvariantViolationException>(() => inbox.CommittedExecuted(new CommittedPayload(1, new byte[10])));
    }
}
