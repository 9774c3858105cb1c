using Plover.Engine.FrontDoor;
using Plover.Engine.Tests.Fakes;

namespace Plover.Engine.Tests.FrontDoor;

public class ClientInputBudgetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private const int Read = 64 * 1024;

    [Fact]
    public async Task A_connection_at_its_limit_waits_until_its_bytes_execute()
    {
        var budget = new ClientInputBudget(new ManualTime());
        budget.Open(1);
        budget.Charge(1, (int)ClientInputBudget.ConnectionBytesMax - 1);
        await budget.WaitForRoomAsync(1, CancellationToken.None).AsTask().WaitAsync(Patience);
        budget.Charge(1, 1);
        Task wait = budget.WaitForRoomAsync(1, CancellationToken.None).AsTask();
        await Task.Delay(300);
        Assert.False(wait.IsCompleted);
        Assert.Equal(1, budget.Waits);
        budget.Executed(1, Read);
        await wait.WaitAsync(Patience);
        Assert.Equal(ClientInputBudget.ConnectionBytesMax - Read, budget.UnexecutedOf(1));
        Assert.Equal(ClientInputBudget.ConnectionBytesMax - Read, budget.UnexecutedBytes);
    }

    [Fact]
    public async Task The_node_limit_holds_back_a_connection_under_its_own_limit_until_any_connection_drains()
    {
        var budget = new ClientInputBudget(new ManualTime());
        int full = (int)(ClientInputBudget.NodeBytesMax / ClientInputBudget.ConnectionBytesMax);
        for (ulong c = 1; c <= (ulong)full; c++)
        {
            budget.Open(c);
            budget.Charge(c, (int)ClientInputBudget.ConnectionBytesMax - 1);
        }
        budget.Charge(1, full); // the node total reaches its limit; connection 1 is now at its own limit too
        ulong quiet = (ulong)full + 1;
        budget.Open(quiet);
        Assert.Equal(0, budget.UnexecutedOf(quiet));
        Task wait = budget.WaitForRoomAsync(quiet, CancellationToken.None).AsTask();
        await Task.Delay(300);
        Assert.False(wait.IsCompleted);
        budget.Executed(5, 100);
        await wait.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_connection_stuck_at_its_limit_past_the_timeout_is_refused_with_a_specific_error()
    {
        var time = new ManualTime();
        var budget = new ClientInputBudget(time);
        budget.Open(7);
        budget.Charge(7, (int)ClientInputBudget.ConnectionBytesMax);
        time.Advance(ClientInputBudget.StalledTimeout / 2);
        budget.Executed(7, 1); // progress, still at the limit: the clock restarts
        budget.Charge(7, 1);
        time.Advance(ClientInputBudget.StalledTimeout / 2 + TimeSpan.FromSeconds(1));
        Task wait = budget.WaitForRoomAsync(7, CancellationToken.None).AsTask();
        await Task.Delay(300);
        Assert.False(wait.IsCompleted);
        time.Advance(ClientInputBudget.StalledTimeout);
        var error = await Assert.ThrowsAsync<ClientInputStalledException>(() => wait.WaitAsync(Patience));
        Assert.Equal(7UL, error.Connection);
        Assert.Contains($"{ClientInputBudget.ConnectionBytesMax} bytes read and not executed", error.Message);
        Assert.Equal(1, budget.StalledCloses);
    }

    [Fact]
    public void A_closed_connection_counts_until_its_bytes_execute_or_its_linger_ends()
    {
        var time = new ManualTime();
        var budget = new ClientInputBudget(time);
        budget.Open(1);
        budget.Open(2);
        budget.Charge(1, 1000);
        budget.Charge(2, 500);
        budget.Closed(1);
        budget.Closed(2);
        Assert.Equal(1500, budget.UnexecutedBytes);
        budget.Executed(1, 1000);
        Assert.Equal(500, budget.UnexecutedBytes);
        budget.DropLingering();
        Assert.Equal(500, budget.UnexecutedBytes);
        time.Advance(ClientInputBudget.ClosedLinger + TimeSpan.FromSeconds(1));
        budget.DropLingering();
        Assert.Equal(0, budget.UnexecutedBytes);
        budget.Executed(2, 500); // late, after it was forgotten: ignored
        Assert.Equal(0, budget.UnexecutedBytes);
    }

    [Fact]
    public void More_executed_than_read_is_an_invariant_violation()
    {
        var budget = new ClientInputBudget(new ManualTime());
        budget.Open(1);
        budget.Charge(1, 10);
        var error = Assert.Throws<InvariantViolationException>(() => budget.Executed(1, 11));
        Assert.Contains("11 bytes executed, but only 10", error.Message);
    }

    [Fact]
    public void Charging_a_connection_that_was_never_opened_fails()
    {
        var budget = new ClientInputBudget(new ManualTime());
        Assert.Throws<InvalidOperationException>(() => budget.Charge(9, 1));
    }
}
