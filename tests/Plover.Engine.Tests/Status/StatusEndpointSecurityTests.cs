using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using Plover.Engine.Config;
using Plover.Engine.Status;

namespace Plover.Engine.Tests.Status;

/// <summary>The status endpoint listens on loopback unless told otherwise, and with a token refuses every request that does not carry it exactly.</summary>
public class StatusEndpointSecurityTests : IDisposable
{
    private const string Token = "the-right-token-0123456789";
    private readonly string folder = Directory.CreateTempSubdirectory("plover-status-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private NodeConfig Parse(string status)
    {
        File.WriteAllBytes(Path.Combine(folder, "kv.wasm"), [0, 97, 115, 109]);
        string json = $$"""
            {
              "clusterId": "c1", "nodeId": 1,
              "members": [
                {"id": 1, "peer": "127.0.0.1:7021", "service": "127.0.0.1:7001"},
                {"id": 2, "peer": "127.0.0.1:7022", "service": "127.0.0.1:7002"},
                {"id": 3, "peer": "127.0.0.1:7023", "service": "127.0.0.1:7003"}
              ],
              "dataDir": "node1", "guest": "kv.wasm", "certificates": "certs"{{status}}
            }
            """;
        return NodeConfigReader.Parse(json, "node.json", folder);
    }

    [Fact]
    public void Without_a_status_section_the_endpoint_is_on_loopback_without_a_token()
    {
        StatusSettings status = Parse("").Status;
        Assert.NotNull(status.Listen);
        Assert.True(IPAddress.IsLoopback(status.Listen!.Address), $"{status.Listen} is not loopback");
        Assert.Null(status.Token);
    }

    [Fact]
    public void A_non_loopback_address_is_accepted_only_with_a_token()
    {
        NodeConfigException error = Assert.Throws<NodeConfigException>(() => Parse(""", "status": {"listen": "0.0.0.0:7011"}"""));
        Assert.Contains("status.token", error.Message);
        Assert.Equal(Token, Parse($$""", "status": {"listen": "0.0.0.0:7011", "token": "{{Token}}"}""").Status.Token);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("Bearer", "not-the-token-0123456789")]
    [InlineData("Bearer", "the-right-token-012345678")]   // a prefix of the token
    [InlineData("Bearer", "the-right-token-01234567890")] // the token and more
    [InlineData("Basic", Token)]
    public async Task A_request_without_the_exact_token_is_refused_before_any_state_is_read(string? scheme, string? credential)
    {
        int snapshots = 0;
        await using StatusServer server = await StatusServer.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), Token,
            () => { snapshots++; throw new InvalidOperationException("a refused request must not read the node's state"); },
            NullLoggerFactory.Instance);
        using var http = new HttpClient();
        if (scheme is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, credential);
        foreach (string path in new[] { "/status", "/epochs", "/metrics" })
        {
            using HttpResponseMessage response = await http.GetAsync($"http://{server.EndPoint}{path}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
        Assert.Equal(0, snapshots);
    }
}
