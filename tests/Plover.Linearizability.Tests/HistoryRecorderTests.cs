using Plover.Linearizability;
using static Plover.Linearizability.Tests.Ops;

namespace Plover.Linearizability.Tests;

public class HistoryRecorderTests
{
    [Fact]
    public void Records_call_and_return_times_from_its_clock_and_leaves_unfinished_operations_indeterminate()
    {
        long now = 0;
        var recorder = new HistoryRecorder(() => now += 10);
        PendingOperation set = recorder.Begin(1, Set("x", "a"));    // call 10
        PendingOperation get = recorder.Begin(2, Get("x"));         // call 20
        recorder.End(set, Ok);                                      // return 30
        PendingOperation lost = recorder.Begin(3, Incr("n"));       // call 40, never ends
        recorder.End(get, Val("a"));                                // return 50

        IReadOnlyList<KvOperation> history = recorder.History();
        Assert.Equal(new KvOperation(1, 10, 30, Set("x", "a"), Ok), history[0]);
        Assert.Equal(new KvOperation(2, 20, 50, Get("x"), Val("a")), history[1]);
        Assert.True(history[2].IsIndeterminate);
        Assert.Equal(40, history[2].Call);
        Assert.Equal(2, lost.Index);
        Assert.True(KvLinearizability.Check(history).IsLinearizable);
    }

    [Fact]
    public void Ending_twice_or_on_another_recorder_is_refused()
    {
        var recorder = new HistoryRecorder();
        PendingOperation op = recorder.Begin(1, Get("x"));
        recorder.End(op, Nil);
        Assert.Throws<InvalidOperationException>(() => recorder.End(op, Nil));
        Assert.Throws<ArgumentException>(() => new HistoryRecorder().End(op, Nil));
    }

    [Fact]
    public async Task Concurrent_clients_record_a_checkable_history()
    {
        var recorder = new HistoryRecorder();
        var gate = new object();
        var store = new Dictionary<string, string?>();
        // Eight threads acting on a locked in-memory map, which is linearizable by construction.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(client => Task.Run(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                bool write = (i + client) % 3 == 0;
                PendingOperation op = recorder.Begin(client, write ? Set("k", $"{client}-{i}") : Get("k"));
                KvResult result;
                lock (gate)
                {
                    if (write) { store["k"] = $"{client}-{i}"; result = Ok; }
                    else result = Val(store.GetValueOrDefault("k"));
                }
                recorder.End(op, result);
            }
        })));
        LinearizabilityResult check = KvLinearizability.Check(recorder.History());
        Assert.True(check.IsLinearizable, check.Explanation);
        Assert.Equal(1600, recorder.Count);
    }
}
