using System.Net;
using System.Text;
using Plover.Bench.Metrics;
using Plover.Bench.Targets;

namespace Plover.Bench.Tests.Metrics;

public sealed class MetricsScraperTests
{
    [Fact]
    public async Task Counters_are_read_from_a_metrics_page_over_http()
    {
        await using var page = MetricsPage.Serve(FreePorts.PickOne(), 200,
            "plover_replication_bytes_total{kind=\"pages\"} 4096\nplover_epochs_total 3\nplover_epoch_pages_sent_total 1\n");
        using var scraper = new MetricsScraper();
        ReplicationCounters counters = await scraper.ReadReplicationAsync(page.Url, CancellationToken.None);
        Assert.Equal(new ReplicationCounters(0, 0, 4096, 0, 3, 1, null), counters);
    }

    [Fact]
    public async Task An_error_status_is_refused_naming_the_url_and_status()
    {
        await using var page = MetricsPage.Serve(FreePorts.PickOne(), 503, "warming up");
        using var scraper = new MetricsScraper();
        var e = await Assert.ThrowsAsync<MetricsScrapeException>(() => scraper.ScrapeAsync(page.Url, CancellationToken.None));
        Assert.Equal(page.Url, e.Url);
        Assert.Contains("answered HTTP 503", e.Message);
    }

    [Fact]
    public async Task A_node_not_listening_is_refused_naming_the_url()
    {
        var url = new Uri($"http://127.0.0.1:{FreePorts.PickOne()}/metrics");
        using var scraper = new MetricsScraper();
        var e = await Assert.ThrowsAsync<MetricsScrapeException>(() => scraper.ScrapeAsync(url, CancellationToken.None));
        Assert.StartsWith(url.ToString(), e.Message);
    }

    [Fact]
    public async Task A_page_that_is_not_prometheus_text_is_refused_naming_the_url_and_line()
    {
        await using var page = MetricsPage.Serve(FreePorts.PickOne(), 200, "<html>\n");
        using var scraper = new MetricsScraper();
        var e = await Assert.ThrowsAsync<PrometheusFormatException>(() => scraper.ScrapeAsync(page.Url, CancellationToken.None));
        Assert.StartsWith($"{page.Url} line 1: ", e.Message);
    }
}

/// <summary>An HTTP listener that answers /metrics with a fixed status and body (what a node's status endpoint serves).</summary>
internal sealed class MetricsPage : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;
    private readonly Func<int, string> body;
    private int scrapes;

    private MetricsPage(int port, int status, Func<int, string> body)
    {
        this.body = body;
        Url = new Uri($"http://127.0.0.1:{port}/metrics");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = ServeAsync(status);
    }

    public Uri Url { get; }

    public int Scrapes => Volatile.Read(ref scrapes);

    public static MetricsPage Serve(int port, int status, string body) => new(port, status, _ => body);

    /// <summary>Serves <paramref name="body"/>(n) to the n-th request (from 1), so counters can grow between scrapes.</summary>
    public static MetricsPage Serve(int port, Func<int, string> body) => new(port, 200, body);

    private async Task ServeAsync(int status)
    {
        try
        {
            while (true)
            {
                HttpListenerContext context = await listener.GetContextAsync();
                byte[] bytes = Encoding.UTF8.GetBytes(body(Interlocked.Increment(ref scrapes)));
                context.Response.StatusCode = context.Request.Url!.AbsolutePath == "/metrics" ? status : 404;
                context.Response.ContentType = "text/plain; version=0.0.4";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // the listener was stopped
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
    }
}
