using System.Net;

namespace Plover.Bench.Metrics;

/// <summary>Reads a node's <c>/metrics</c> page (Prometheus text) over HTTP.</summary>
public sealed class MetricsScraper : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };

    public async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(Uri url, CancellationToken cancellation)
    {
        string text;
        try
        {
            using HttpResponseMessage response = await client.GetAsync(url, cancellation);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new MetricsScrapeException(url, $"answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            text = await response.Content.ReadAsStringAsync(cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new MetricsScrapeException(url, e.Message, e);
        }
        catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new MetricsScrapeException(url, $"no answer within {Timeout}", e);
        }
        return PrometheusTextParser.Parse(text, url.ToString());
    }

    public async Task<ReplicationCounters> ReadReplicationAsync(Uri url, CancellationToken cancellation) =>
        ReplicationCounters.FromSamples(await ScrapeAsync(url, cancellation), url.ToString());

    public void Dispose() => client.Dispose();
}
