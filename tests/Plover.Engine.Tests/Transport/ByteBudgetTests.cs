using Plover.Engine.Transport;

namespace Plover.Engine.Tests.Transport;

public class ByteBudgetTests
{
    [Fact]
    public void Try_acquire_fails_when_full_and_succeeds_after_a_release()
    {
        var budget = new ByteBudget(100);
        Assert.True(budget.TryAcquire(60));
        Assert.False(budget.TryAcquire(50));
        budget.Release(60);
        Assert.True(budget.TryAcquire(100));
        Assert.Equal(100, budget.Used);
    }

    [Fact]
    public async Task Waiters_are_served_first_come_first_served()
    {
        var budget = new ByteBudget(100);
        Assert.True(budget.TryAcquire(100));
        var order = new List<string>();
        Task large = budget.AcquireAsync(80, CancellationToken.None).AsTask().ContinueWith(_ => { lock (order) order.Add("large"); });
        Task small = budget.AcquireAsync(10, CancellationToken.None).AsTask().ContinueWith(_ => { lock (order) order.Add("small"); });

        budget.Release(50);
        await Task.Delay(50);
        Assert.False(large.IsCompleted);
        // The small request would fit, but may not overtake the large one ahead of it.
        Assert.False(small.IsCompleted);
        Assert.False(budget.TryAcquire(1));

        budget.Release(50);
        await Task.WhenAll(large, small);
        Assert.Equal(["large", "small"], order);
        Assert.Equal(90, budget.Used);
    }

    [Fact]
    public async Task Cancelled_waiter_leaves_the_queue_and_lets_the_next_through()
    {
        var budget = new ByteBudget(100);
        Assert.True(budget.TryAcquire(50));
        using var cancellation = new CancellationTokenSource();
        ValueTask large = budget.AcquireAsync(80, cancellation.Token);
        ValueTask small = budget.AcquireAsync(40, CancellationToken.None);

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await large);
        await small;
        Assert.Equal(90, budget.Used);
        Assert.Equal(0, budget.WaiterCount);
    }

    [Fact]
    public async Task Close_fails_waiters_and_later_acquires()
    {
        var budget = new ByteBudget(10);
        Assert.True(budget.TryAcquire(10));
        ValueTask waiting = budget.AcquireAsync(5, CancellationToken.None);

        budget.Close();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await waiting);
        Assert.Throws<ObjectDisposedException>(() => budget.TryAcquire(1));
    }

    [Fact]
    public void Impossible_requests_and_over_release_are_errors()
    {
        var budget = new ByteBudget(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => budget.TryAcquire(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => budget.TryAcquire(0));
        Assert.Throws<InvalidOperationException>(() => budget.Release(1));
    }
}
