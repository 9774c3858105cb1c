using Plover.Linearizability;

namespace Plover.Faults.Tests;

public class AcknowledgedWritesTests
{
    private static KvOperation Done(long call, KvCommand command, KvResult result) => KvOperation.Completed(1, call, call + 1, command, result);

    private static KvOperation Lost(long call, KvCommand command) => KvOperation.Indeterminate(2, call, command);

    private static readonly KvOperation[] Writes =
    [
        Done(0, new KvCommand.Incr("n"), new KvResult.Integer(1)),
        Done(2, new KvCommand.Incr("n"), new KvResult.Integer(2)),
        Lost(4, new KvCommand.Incr("n")),
        Done(6, new KvCommand.Set("r", "a"), KvResult.Ok.Instance),
        Lost(8, new KvCommand.Set("r", "b")),
    ];

    private static CheckResult Check(string? counter, string? register) =>
        AcknowledgedWrites.Check(Writes, new Dictionary<string, KvResult?>
        {
            ["n"] = counter is null ? null : new KvResult.Bulk(counter),
            ["r"] = new KvResult.Bulk(register),
        });

    [Theory]
    [InlineData("2", "a")]
    [InlineData("3", "b")]  // the INCR and the SET without replies took effect
    public void Final_values_that_hold_every_acknowledged_write_pass(string counter, string register)
    {
        CheckResult result = Check(counter, register);
        Assert.True(result.Passed, result.Detail);
    }

    [Theory]
    [InlineData("1", "a", "n: 2 INCRs acknowledged but the counter reads 1")]
    [InlineData("4", "a", "n: counter reads 4, more than 2 acknowledged + 1 unknown")]
    [InlineData("2", null, "r: a SET was acknowledged but the key reads nil")]
    [InlineData("2", "z", "r: reads \"z\", which no SET wrote")]
    public void A_lost_or_invented_write_fails_naming_the_key(string counter, string? register, string expected)
    {
        CheckResult result = Check(counter, register);
        Assert.False(result.Passed);
        Assert.Contains(expected, result.Detail);
    }

    [Fact]
    public void A_key_that_could_not_be_read_back_fails()
    {
        CheckResult result = Check(null, "a");
        Assert.False(result.Passed);
        Assert.Contains("n: never read back", result.Detail);
    }
}
