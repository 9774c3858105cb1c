using Plover.Linearizability;
using static Plover.Linearizability.Tests.Ops;

namespace Plover.Linearizability.Tests;

public class MalformedHistoryTests
{
    private static MalformedHistoryException Rejected(params KvOperation[] history) =>
        Assert.Throws<MalformedHistoryException>(() => KvLinearizability.Check(history));

    [Fact]
    public void Return_before_call_is_rejected_naming_the_operation()
    {
        MalformedHistoryException e = Rejected(Op(1, 0, 10, Set("x", "a"), Ok), Op(1, 30, 20, Get("x"), Val("a")));
        Assert.Equal(1, e.OperationIndex);
        Assert.Contains("#1", e.Message);
        Assert.Contains("before its call", e.Message);
    }

    [Fact]
    public void Result_without_return_time_is_rejected() =>
        Assert.Contains("no return time", Rejected(new KvOperation(1, 0, null, Get("x"), Val("a"))).Message);

    [Fact]
    public void Return_time_without_result_is_rejected() =>
        Assert.Contains("no result", Rejected(new KvOperation(1, 0, 5, Get("x"), null)).Message);

    [Fact]
    public void Reply_of_the_wrong_shape_is_rejected()
    {
        Assert.Contains("cannot reply", Rejected(Op(1, 0, 1, Get("x"), Int(1))).Message);
        Assert.Contains("cannot reply", Rejected(Op(1, 0, 1, MGet("x", "y"), Vals("1"))).Message);
        Assert.Contains("cannot reply", Rejected(Op(1, 0, 1, Incr("x"), Ok)).Message);
    }

    [Fact]
    public void Command_without_keys_is_rejected() =>
        Assert.Contains("names no key", Rejected(Op(1, 0, 1, Del(), Int(0))).Message);

    [Fact]
    public void Return_at_the_internal_infinity_is_rejected() =>
        Assert.Contains("long.MaxValue", Rejected(Op(1, 0, long.MaxValue, Get("x"), Nil)).Message);
}
