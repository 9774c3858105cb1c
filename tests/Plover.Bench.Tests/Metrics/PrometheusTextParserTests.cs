using Plover.Bench.Metrics;

namespace Plover.Bench.Tests.Metrics;

public sealed class PrometheusTextParserTests
{
    private const string NodePage = """
        # HELP plover_replication_bytes_total Bytes this node sent to its peers, by kind.
        # TYPE plover_replication_bytes_total counter
        plover_replication_bytes_total{kind="log"} 123456
        plover_replication_bytes_total{kind="hashes"} 2048
        plover_replication_bytes_total{kind="pages" } 8192 1700000000000
        plover_replication_bytes_total{kind="other",} 64
        # a free comment
        # TYPE plover_epochs_total counter
        plover_epochs_total 42
        plover_epoch_pages_sent_total	7
        # TYPE plover_requests_total counter
        plover_requests_total 1e3
        # TYPE plover_epoch_pause_seconds gauge
        plover_epoch_pause_seconds{quantile="0.99",node="n\"1\\x\n"} +Inf
        plover_up NaN

        """;

    [Fact]
    public void A_node_page_parses_into_samples_with_labels_values_and_timestamps()
    {
        IReadOnlyList<PrometheusSample> samples = PrometheusTextParser.Parse(NodePage, "node 1");
        Assert.Equal(9, samples.Count);
        Assert.Equal("plover_replication_bytes_total", samples[0].Name);
        Assert.Equal([new KeyValuePair<string, string>("kind", "log")], samples[0].Labels);
        Assert.Equal(123456, samples[0].Value);
        Assert.Null(samples[0].TimestampMs);
        Assert.Equal("plover_replication_bytes_total{kind=\"other\"}", samples[3].Series());
        Assert.Equal(1700000000000, samples[2].TimestampMs);
        Assert.Equal(7, samples[5].Value);
        Assert.Equal(1000, samples[6].Value);
        Assert.Equal("n\"1\\x\n", samples[7].Label("node"));
        Assert.Equal("0.99", samples[7].Label("quantile"));
        Assert.Equal(double.PositiveInfinity, samples[7].Value);
        Assert.True(double.IsNaN(samples[8].Value));
        Assert.Null(samples[8].Label("kind"));
    }

    [Fact]
    public void The_replication_counters_come_out_of_a_node_page_by_kind()
    {
        ReplicationCounters c = ReplicationCounters.FromSamples(PrometheusTextParser.Parse(NodePage, "node 1"), "node 1");
        Assert.Equal(new ReplicationCounters(123456, 2048, 8192, 64, 42, 7, 1000), c);
        Assert.Equal(123456 + 2048 + 8192 + 64, c.TotalBytes);
    }

    [Fact]
    public void A_kind_not_yet_sent_counts_zero_and_requests_are_optional()
    {
        const string page = "plover_replication_bytes_total{kind=\"log\"} 10\nplover_epochs_total 0\nplover_epoch_pages_sent_total 0\n";
        Assert.Equal(new ReplicationCounters(10, 0, 0, 0, 0, 0, null), ReplicationCounters.FromSamples(PrometheusTextParser.Parse(page, "n"), "n"));
    }

    [Theory]
    [InlineData("plover_epoch_pages_sent_total 0", "plover_epochs_total is missing")]
    [InlineData("plover_epochs_total 1\nplover_epochs_total{x=\"y\"} 2\nplover_epoch_pages_sent_total 0", "plover_epochs_total has 2 series")]
    [InlineData("plover_epochs_total 1\nplover_epoch_pages_sent_total 0\nplover_replication_bytes_total{kind=\"state\"} 5", "kind 'state' is none of log, hashes, pages, other")]
    [InlineData("plover_epochs_total 1\nplover_epoch_pages_sent_total 0\nplover_replication_bytes_total 5", "has no kind label")]
    [InlineData("plover_epochs_total 1.5\nplover_epoch_pages_sent_total 0", "= 1.5 is not a count")]
    [InlineData("plover_epochs_total -1\nplover_epoch_pages_sent_total 0", "is not a count")]
    [InlineData("plover_epochs_total NaN\nplover_epoch_pages_sent_total 0", "is not a count")]
    public void Counters_that_break_the_contract_are_refused_by_name(string page, string fault)
    {
        var e = Assert.Throws<PrometheusFormatException>(() => ReplicationCounters.FromSamples(PrometheusTextParser.Parse(page, "node 2"), "node 2"));
        Assert.StartsWith("node 2: ", e.Message);
        Assert.Contains(fault, e.Message);
    }

    [Theory]
    [InlineData("x{a=\"b\" 1", 1, "expected '}'")]
    [InlineData("ok 1\nx 1 2 3", 2, "unexpected text after the sample")]
    [InlineData("x{a=b} 1", 1, "expected '\"'")]
    [InlineData("1x 2", 1, "expected a metric name")]
    [InlineData("x abc", 1, "'abc' is not a sample value")]
    [InlineData("x 1 soon", 1, "'soon' is not a timestamp")]
    [InlineData("x{a=\"1\"} 1\n\nx{a=\"1\"} 2", 3, "the series x{a=\"1\"} appears twice")]
    [InlineData("x{a=\"1\",a=\"2\"} 1", 1, "the label a is given twice")]
    [InlineData("x{a=\"\\t\"} 1", 1, "'\\t' is not an escape")]
    [InlineData("x{a=\"open} 1", 1, "a label value is not closed")]
    [InlineData("# TYPE x counter\n# TYPE x gauge", 2, "the metric x is typed twice")]
    [InlineData("# TYPE x countr", 1, "'countr' is not a metric type")]
    [InlineData("x{a=\"1\"}1", 1, "expected a blank before the value")]
    public void Malformed_text_is_refused_naming_the_line(string text, int line, string fault)
    {
        var e = Assert.Throws<PrometheusFormatException>(() => PrometheusTextParser.Parse(text, "http://n1/metrics"));
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"http://n1/metrics line {line}: ", e.Message);
        Assert.Contains(fault, e.Message);
    }

    [Fact]
    public void The_increase_over_an_interval_is_per_counter_and_a_counter_going_down_is_a_restart()
    {
        var before = new ReplicationCounters(100, 10, 4096, 1, 5, 1, 50);
        var after = new ReplicationCounters(300, 30, 12288, 1, 9, 3, 150);
        Assert.Equal(new ReplicationCounters(200, 20, 8192, 0, 4, 2, 100), after.Since(before, "node 1"));
        Assert.Null((after with { Requests = null }).Since(before, "node 1").Requests);
        var e = Assert.Throws<PrometheusFormatException>(() => before.Since(after, "node 3"));
        Assert.Contains("node 3: log bytes went down from 300 to 100", e.Message);
    }

    [Fact]
    public void Cluster_figures_sum_the_nodes_bytes_and_count_epochs_once()
    {
        var primary = new ReplicationCounters(1000, 0, 8192, 10, 4, 2, null);
        var backup1 = new ReplicationCounters(0, 200, 0, 10, 4, 0, null);
        var backup2 = new ReplicationCounters(0, 200, 0, 10, 3, 0, null);
        var cluster = new ClusterReplication([primary, backup1, backup2]);
        Assert.Equal(1000, cluster.LogBytes);
        Assert.Equal(400, cluster.HashBytes);
        Assert.Equal(8192, cluster.PageBytes);
        Assert.Equal(30, cluster.OtherBytes);
        Assert.Equal(1000 + 400 + 8192 + 30, cluster.TotalBytes);
        Assert.Equal(4, cluster.Epochs);
        Assert.Equal(0.5, cluster.PagesPerEpoch);
        Assert.Null(new ClusterReplication([ReplicationCounters.Zero, ReplicationCounters.Zero]).PagesPerEpoch);
        Assert.Throws<ArgumentException>(() => cluster.Since(new ClusterReplication([primary])));
    }
}
