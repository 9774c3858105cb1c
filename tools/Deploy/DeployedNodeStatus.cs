using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Plover.Cli.Deploy;

/// <summary>One deployed node as its status endpoint reports it (or why it did not answer).</summary>
public sealed record DeployedNodeStatus(
    uint Node, string Status, string? Health, string? Role, string? Leader, ulong? Epoch, ulong? CommitSlot, ulong? ExecutedSlot, string? Problem)
{
    public bool Serving => Health == "serving";

    public override string ToString() => Problem is { } p
        ? $"node {Node} ({Status}): {p}"
        : $"node {Node} ({Status}): {Role} ({Health}), leader {Leader ?? "-"}, epoch {Epoch}, commit {CommitSlot}, executed {ExecutedSlot}";
}

/// <summary>
/// Reads the status endpoints of a deployment (with its bearer token) and waits until a primary
/// serves: exactly one node serving and a majority answering.
/// </summary>
public sealed class DeploymentProbe(DeploymentSpec spec) : IDisposable
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient http = CreateClient(spec.StatusToken);

    private static HttpClient CreateClient(string token)
    {
        var client = new HttpClient { Timeout = RequestTimeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<IReadOnlyList<DeployedNodeStatus>> ReadAsync(CancellationToken cancellation)
    {
        var reads = DeploymentSpec.NodeIds.Select(n => ReadNodeAsync(n, cancellation)).ToArray();
        return await Task.WhenAll(reads).ConfigureAwait(false);
    }

    private async Task<DeployedNodeStatus> ReadNodeAsync(uint node, CancellationToken cancellation)
    {
        string url = $"http://{spec.Status(node)}/status";
        try
        {
            using HttpResponseMessage response = await http.GetAsync(url, cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return Failed(node, url, $"HTTP {(int)response.StatusCode} (a wrong status token gives 401)");
            using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false));
            JsonElement root = document.RootElement;
            return new DeployedNodeStatus(node, url, root.GetProperty("health").GetString(), root.GetProperty("role").GetString(),
                root.GetProperty("leader").ValueKind == JsonValueKind.Null ? null : root.GetProperty("leader").ToString(),
                root.GetProperty("epoch").GetUInt64(), root.GetProperty("commitSlot").GetUInt64(), root.GetProperty("executedSlot").GetUInt64(), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            cancellation.ThrowIfCancellationRequested();
            return Failed(node, url, $"not answering ({e.GetType().Name}: {e.Message})");
        }
    }

    private static DeployedNodeStatus Failed(uint node, string url, string problem) => new(node, url, null, null, null, null, null, null, problem);

    /// <summary>Polls until one node serves and a majority answers; throws <see cref="DeployException"/> with every node's last state after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<DeployedNodeStatus>> WaitUntilServingAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<DeployedNodeStatus> statuses = await ReadAsync(cancellation).ConfigureAwait(false);
            int answering = statuses.Count(s => s.Problem is null);
            if (statuses.Count(s => s.Serving) == 1 && answering * 2 > statuses.Count) return statuses;
            if (clock.Elapsed > timeout)
                throw new DeployException($"no primary served within {timeout.TotalSeconds:F0} s:\n{string.Join('\n', statuses)}\n" +
                    "see journalctl -u plover-node on each host, or INSTALL/nodeN/data/node.log");
            await Task.Delay(PollInterval, cancellation).ConfigureAwait(false);
        }
    }

    public void Dispose() => http.Dispose();
}
