using Plover.Linearizability;
using static Plover.Linearizability.Tests.Ops;

namespace Plover.Linearizability.Tests;

/// <summary>Small histories whose verdict is known by hand.</summary>
public class KnownHistoryTests
{
    [Fact]
    public void Empty_history_is_linearizable()
    {
        LinearizabilityResult result = Check();
        Assert.Equal(Verdict.Linearizable, result.Verdict);
        Assert.Empty(result.Partitions);
    }

    [Fact]
    public void Sequential_writes_and_reads_are_linearizable()
    {
        LinearizabilityResult result = Check(
            Op(1, 0, 10, Get("x"), Nil),
            Op(1, 20, 30, Set("x", "a"), Ok),
            Op(2, 40, 50, Get("x"), Val("a")),
            Op(1, 60, 70, Set("x", "b"), Ok),
            Op(2, 80, 90, Get("x"), Val("b")));
        Assert.True(result.IsLinearizable, result.Explanation);
        Assert.Equal([0, 1, 2, 3, 4], result.Partitions.Single().Linearization);
    }

    [Fact]
    public void Stale_read_after_an_acknowledged_write_is_not_linearizable()
    {
        LinearizabilityResult result = Check(
            Op(1, 0, 10, Set("x", "a"), Ok),
            Op(1, 20, 30, Set("x", "b"), Ok),
            Op(2, 40, 50, Get("x"), Val("a")));
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        Assert.Equal(["x"], result.Failure!.Keys);
        Assert.Contains("#2", result.Explanation);
        Assert.Contains("GET x would reply \"b\", but replied \"a\"", result.Explanation);
        Assert.Contains("#0, #1 linearized in that order, giving {x=\"b\"}", result.Explanation);
    }

    [Fact]
    public void Reading_nothing_after_an_acknowledged_write_is_not_linearizable()
    {
        Assert.Equal(Verdict.NotLinearizable, Check(
            Op(1, 0, 10, Set("x", "a"), Ok),
            Op(2, 20, 30, Get("x"), Nil)).Verdict);
    }

    [Fact]
    public void A_read_concurrent_with_a_write_may_see_either_value()
    {
        Assert.True(Check(Op(1, 0, 100, Set("x", "a"), Ok), Op(2, 10, 20, Get("x"), Nil)).IsLinearizable);
        Assert.True(Check(Op(1, 0, 100, Set("x", "a"), Ok), Op(2, 10, 20, Get("x"), Val("a"))).IsLinearizable);
    }

    [Fact]
    public void Read_of_a_value_never_written_is_not_linearizable()
    {
        LinearizabilityResult result = Check(
            Op(1, 0, 10, Set("x", "a"), Ok),
            Op(2, 0, 10, Set("x", "b"), Ok),
            Op(3, 5, 15, Get("x"), Val("c")));
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        Assert.Contains("replied \"c\"", result.Explanation);
    }

    [Fact]
    public void Overlapping_writes_may_be_read_in_either_order()
    {
        KvOperation[] writes = [Op(1, 0, 100, Set("x", "a"), Ok), Op(2, 0, 100, Set("x", "b"), Ok)];
        Assert.True(Check([.. writes, Op(3, 200, 210, Get("x"), Val("a"))]).IsLinearizable);
        Assert.True(Check([.. writes, Op(3, 200, 210, Get("x"), Val("b"))]).IsLinearizable);
        // During the writes, a reader may see b then a (b, read, a, read) ...
        Assert.True(Check([.. writes, Op(3, 10, 20, Get("x"), Val("b")), Op(3, 30, 40, Get("x"), Val("a"))]).IsLinearizable);
        // ... but once both writes are done the value cannot change back.
        Assert.Equal(Verdict.NotLinearizable,
            Check([.. writes, Op(3, 200, 210, Get("x"), Val("a")), Op(4, 220, 230, Get("x"), Val("b"))]).Verdict);
    }

    [Fact]
    public void Two_readers_may_not_disagree_on_the_order_of_writes()
    {
        // Reader 3 sees a then b; reader 4 sees b then a, all reads after both writes began and before they ended.
        LinearizabilityResult result = Check(
            Op(1, 0, 100, Set("x", "a"), Ok),
            Op(2, 0, 100, Set("x", "b"), Ok),
            Op(3, 10, 20, Get("x"), Val("a")),
            Op(3, 30, 40, Get("x"), Val("b")),
            Op(4, 10, 20, Get("x"), Val("b")),
            Op(4, 30, 40, Get("x"), Val("a")));
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void Lost_update_of_concurrent_increments_is_not_linearizable()
    {
        LinearizabilityResult result = Check(
            Op(1, 0, 10, Incr("n"), Int(1)),
            Op(2, 0, 10, Incr("n"), Int(1)));
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        Assert.Contains("INCR n would reply (integer) 2, but replied (integer) 1", result.Explanation);
    }

    [Fact]
    public void Concurrent_increments_may_complete_in_either_order()
    {
        Assert.True(Check(Op(1, 0, 10, Incr("n"), Int(2)), Op(2, 0, 10, Incr("n"), Int(1))).IsLinearizable);
        Assert.Equal(Verdict.NotLinearizable, Check(Op(1, 0, 10, Incr("n"), Int(2)), Op(2, 20, 30, Incr("n"), Int(1))).Verdict);
    }

    [Fact]
    public void Increment_sequences_follow_redis_semantics()
    {
        Assert.True(Check(
            Op(1, 0, 1, Set("n", "41"), Ok),
            Op(1, 2, 3, Incr("n"), Int(42)),
            Op(1, 4, 5, IncrBy("n", -50), Int(-8)),
            Op(1, 6, 7, Get("n"), Val("-8")),
            Op(1, 8, 9, Set("n", "x"), Ok),
            Op(1, 10, 11, Incr("n"), Err(KvModel.NotAnInteger)),
            Op(1, 12, 13, Set("n", "007"), Ok),
            Op(1, 14, 15, Incr("n"), Err(KvModel.NotAnInteger)),
            Op(1, 16, 17, Set("n", long.MaxValue.ToString()), Ok),
            Op(1, 18, 19, Incr("n"), Err(KvModel.Overflow)),
            Op(1, 20, 21, Get("n"), Val(long.MaxValue.ToString()))).IsLinearizable);
        // An increment that claims success on a non-integer cannot be linearized.
        Assert.Equal(Verdict.NotLinearizable, Check(Op(1, 0, 1, Set("n", "x"), Ok), Op(1, 2, 3, Incr("n"), Int(1))).Verdict);
        // Nor can an error where the value was an integer.
        Assert.Equal(Verdict.NotLinearizable, Check(Op(1, 0, 1, Set("n", "1"), Ok), Op(1, 2, 3, Incr("n"), Err(KvModel.NotAnInteger))).Verdict);
    }

    [Fact]
    public void An_indeterminate_write_may_have_happened()
    {
        Assert.True(Check(
            Op(1, 0, 10, Set("x", "a"), Ok),
            Pending(2, 20, Set("x", "b")),
            Op(3, 30, 40, Get("x"), Val("b"))).IsLinearizable);
    }

    [Fact]
    public void An_indeterminate_write_may_not_have_happened()
    {
        Assert.True(Check(
            Op(1, 0, 10, Set("x", "a"), Ok),
            Pending(2, 20, Set("x", "b")),
            Op(3, 30, 40, Get("x"), Val("a")),
            Op(3, 1000, 1010, Get("x"), Val("a"))).IsLinearizable);
    }

    [Fact]
    public void An_indeterminate_write_once_seen_stays_seen()
    {
        LinearizabilityResult result = Check(
            Op(1, 0, 10, Set("x", "a"), Ok),
            Pending(2, 20, Set("x", "b")),
            Op(3, 30, 40, Get("x"), Val("b")),
            Op(3, 50, 60, Get("x"), Val("a")));
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
    }

    [Fact]
    public void An_indeterminate_write_cannot_take_effect_before_its_call()
    {
        Assert.Equal(Verdict.NotLinearizable, Check(
            Op(1, 0, 10, Get("x"), Val("b")),
            Pending(2, 20, Set("x", "b"))).Verdict);
    }

    [Fact]
    public void An_indeterminate_increment_counts_or_not()
    {
        Assert.True(Check(Pending(1, 0, Incr("n")), Op(2, 10, 20, Incr("n"), Int(2))).IsLinearizable);
        Assert.True(Check(Pending(1, 0, Incr("n")), Op(2, 10, 20, Incr("n"), Int(1))).IsLinearizable);
        Assert.Equal(Verdict.NotLinearizable, Check(Pending(1, 0, Incr("n")), Op(2, 10, 20, Incr("n"), Int(3))).Verdict);
    }

    [Fact]
    public void Delete_counts_existing_keys_once()
    {
        Assert.True(Check(
            Op(1, 0, 1, Set("x", "a"), Ok),
            Op(1, 2, 3, Del("x"), Int(1)),
            Op(1, 4, 5, Del("x"), Int(0)),
            Op(1, 6, 7, Get("x"), Nil)).IsLinearizable);
        Assert.Equal(Verdict.NotLinearizable, Check(
            Op(1, 0, 1, Set("x", "a"), Ok),
            Op(1, 2, 3, Del("x"), Int(1)),
            Op(2, 4, 5, Del("x"), Int(1))).Verdict);
    }

    [Fact]
    public void Multi_key_operations_are_atomic_on_the_joint_partition()
    {
        KvOperation[] writes = [Op(1, 0, 10, MSet(("x", "1"), ("y", "1")), Ok), Op(1, 20, 100, MSet(("x", "2"), ("y", "2")), Ok)];
        Assert.True(Check([.. writes, Op(2, 30, 40, MGet("x", "y"), Vals("1", "1"))]).IsLinearizable);
        Assert.True(Check([.. writes, Op(2, 30, 40, MGet("x", "y"), Vals("2", "2"))]).IsLinearizable);
        LinearizabilityResult torn = Check([.. writes, Op(2, 30, 40, MGet("x", "y"), Vals("2", "1"))]);
        Assert.Equal(Verdict.NotLinearizable, torn.Verdict);
        Assert.Equal(["x", "y"], torn.Failure!.Keys);
    }

    [Fact]
    public void Single_key_reads_see_multi_key_writes_atomically()
    {
        // x read as new, then y read as old, both after the MSET began: fine only if the MSET lands between the reads.
        Assert.Equal(Verdict.NotLinearizable, Check(
            Op(1, 0, 100, MSet(("x", "1"), ("y", "1")), Ok),
            Op(2, 10, 20, Get("x"), Val("1")),
            Op(2, 30, 40, Get("y"), Nil)).Verdict);
        Assert.True(Check(
            Op(1, 0, 100, MSet(("x", "1"), ("y", "1")), Ok),
            Op(2, 10, 20, Get("y"), Nil),
            Op(2, 30, 40, Get("x"), Val("1"))).IsLinearizable);
    }

    [Fact]
    public void Keys_untouched_by_a_shared_operation_are_checked_apart()
    {
        LinearizabilityResult result = Check(
            Op(1, 0, 10, Set("a", "1"), Ok),
            Op(1, 20, 30, Set("b", "1"), Ok),
            Op(2, 40, 50, MGet("b", "c"), Vals("1", null)),
            Op(3, 60, 70, Get("a"), Val("1")));
        Assert.True(result.IsLinearizable, result.Explanation);
        Assert.Equal(2, result.Partitions.Count);
        Assert.Equal(["a"], result.Partitions[0].Keys);
        Assert.Equal(["b", "c"], result.Partitions[1].Keys);
    }

    [Fact]
    public void The_smallest_failing_partition_is_reported()
    {
        LinearizabilityResult result = Check(
            Op(1, 0, 10, Set("big", "1"), Ok),
            Op(1, 20, 30, Set("big", "2"), Ok),
            Op(1, 40, 50, Set("big", "3"), Ok),
            Op(2, 60, 70, Get("big"), Val("1")),
            Op(3, 0, 10, Set("small", "1"), Ok),
            Op(3, 20, 30, Get("small"), Val("0")),
            Op(4, 0, 10, Set("fine", "1"), Ok));
        Assert.Equal(Verdict.NotLinearizable, result.Verdict);
        Assert.Equal(["small"], result.Failure!.Keys);
        Assert.Equal([4, 5], result.Failure.Operations);
        Assert.Equal(2, result.Partitions.Count(p => p.Verdict == Verdict.NotLinearizable));
    }

    [Fact]
    public void Operations_that_touch_at_an_instant_are_concurrent()
    {
        // Closed intervals: a read returning at 10 and a write called at 10 overlap.
        Assert.True(Check(Op(1, 10, 20, Set("x", "a"), Ok), Op(2, 0, 10, Get("x"), Val("a"))).IsLinearizable);
        Assert.Equal(Verdict.NotLinearizable, Check(Op(1, 11, 20, Set("x", "a"), Ok), Op(2, 0, 10, Get("x"), Val("a"))).Verdict);
    }

    [Fact]
    public void Error_replies_the_model_never_gives_are_not_linearizable()
    {
        Assert.Equal(Verdict.NotLinearizable, Check(Op(1, 0, 10, Set("x", "a"), Err("ERR out of memory"))).Verdict);
    }
}
