using Plover.Bench.Drivers;

namespace Plover.Bench.Tests.Drivers;

public sealed class RedisBenchmarkCsvTests
{
    // As redis-benchmark 7.0.15 prints it (-t set,get --csv).
    private const string Output = """
        "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        "SET","444444.47","1.557","0.272","1.359","2.935","5.671","6.231"
        "GET","402414.47","1.711","0.256","1.399","4.703","6.239","7.911"

        """;

    [Fact]
    public void Each_test_row_becomes_a_row_with_its_rate_and_latencies()
    {
        IReadOnlyList<RedisBenchmarkRow> rows = RedisBenchmarkCsv.Parse(Output);
        Assert.Equal(
            [
                new RedisBenchmarkRow("SET", 444444.47, 1.557, 0.272, 1.359, 2.935, 5.671, 6.231),
                new RedisBenchmarkRow("GET", 402414.47, 1.711, 0.256, 1.399, 4.703, 6.239, 7.911),
            ],
            rows);
    }

    [Fact]
    public void Columns_are_found_by_name_and_the_optional_ones_may_be_missing()
    {
        const string reordered = "\"p99_latency_ms\",\"test\",\"max_latency_ms\",\"rps\",\"p50_latency_ms\"\r\n\"2.5\",\"GET\",\"9\",\"1000\",\"0.5\"\r\n";
        Assert.Equal([new RedisBenchmarkRow("GET", 1000, null, null, 0.5, null, 2.5, 9)], RedisBenchmarkCsv.Parse(reordered));
        Assert.Equal("a \"quoted\" name", RedisBenchmarkCsv.Parse("test,rps,p50_latency_ms,p99_latency_ms,max_latency_ms\n\"a \"\"quoted\"\" name\",1,2,3,4").Single().Test);
    }

    [Theory]
    [InlineData("", 1, "no output at all")]
    [InlineData("\"test\",\"rps\"\n\"SET\",\"1000.0\"", 1, "no 'p50_latency_ms' column")]
    [InlineData("test,rps,p50_latency_ms,p99_latency_ms,max_latency_ms\n", 2, "a header but no test rows")]
    [InlineData("test,rps,p50_latency_ms,p99_latency_ms,max_latency_ms\nSET,fast,1,2,3", 2, "rps 'fast' is not a non-negative number")]
    [InlineData("test,rps,p50_latency_ms,p99_latency_ms,max_latency_ms\nSET,1,-1,2,3", 2, "p50_latency_ms '-1'")]
    [InlineData("test,rps,p50_latency_ms,p99_latency_ms,max_latency_ms\nSET,1,2,3", 2, "4 fields, the header has 5")]
    [InlineData("test,rps,p50_latency_ms,p99_latency_ms,max_latency_ms\n\"SET,1,2,3,4", 2, "a quoted field is not closed")]
    [InlineData("test,rps,p50_latency_ms,p99_latency_ms,max_latency_ms\n\"SET\"x,1,2,3,4", 2, "text after a closing quote")]
    public void Output_that_cannot_be_read_is_refused_naming_the_line(string text, int line, string fault)
    {
        var e = Assert.Throws<RedisBenchmarkFormatException>(() => RedisBenchmarkCsv.Parse(text));
        Assert.Equal(line, e.Line);
        Assert.Contains(fault, e.Message);
    }

    [Fact]
    public void A_mix_runs_at_the_rate_both_tests_took_together_and_reports_the_larger_latencies()
    {
        var set = new RedisBenchmarkRow("SET", 10_000, 1.0, 0.1, 0.9, 2, 3.0, 8);
        var get = new RedisBenchmarkRow("GET", 30_000, 0.5, 0.1, 0.4, 1, 4.0, 6);
        var result = RedisBenchmarkMix.Combine([(set, 1_000), (get, 3_000)], TimeSpan.FromSeconds(0.25));
        Assert.Equal(4_000, result.Requests);
        Assert.Equal(4_000 / (0.1 + 0.1), result.ThroughputOpsPerSecond, 6);
        Assert.Equal(0.9, result.Latency!.P50Ms);
        Assert.Equal(4.0, result.Latency.P99Ms);
        Assert.Equal(8, result.Latency.MaxMs);
        Assert.Equal((1.0 * 1_000 + 0.5 * 3_000) / 4_000, result.Latency.MeanMs, 9);
        Assert.Null(result.Latency.P90Ms);
        Assert.Equal(TimeSpan.FromSeconds(0.25), result.Window);
        Assert.Equal(RedisBenchmarkDriver.DriverName, result.Driver);
        Assert.Throws<ArgumentException>(() => RedisBenchmarkMix.Combine([], TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RedisBenchmarkMix.Combine([(set, 0)], TimeSpan.FromSeconds(1)));
    }
}
