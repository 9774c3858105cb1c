using Plover.Engine.Config;

namespace Plover.Engine.Tests.Config;

public class NodeConfigReaderTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"plover-config-{Guid.NewGuid():N}");

    public NodeConfigReaderTests()
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "kv.wasm"), [0, 97, 115, 109]);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private const string Valid = """
        {
          "clusterId": "c1",
          "nodeId": 2,
          "members": [
            {"id": 1, "peer": "127.0.0.1:7021", "service": "127.0.0.1:7001"},
            {"id": 2, "peer": "127.0.0.1:7022", "service": "127.0.0.1:7002"},
            {"id": 3, "peer": "127.0.0.1:7023", "service": "127.0.0.1:7003"}
          ],
          "dataDir": "node2",
          "guest": "kv.wasm",
          "mode": "remus",
          "nondeterminism": "passthrough",
          "epoch": {"intervalMs": 20, "syncWaitMs": 500, "stragglerWaitMs": 100, "remusTrigger": "vsmr"},
          "checkpoint": {"everyEpochs": 100, "minIntervalMs": 250},
          "status": {"listen": "127.0.0.1:7012"},
          "certificates": "certs"
        }
        """;

    private NodeConfig Parse(string json) => NodeConfigReader.Parse(json, "node.json", folder);

    private NodeConfigException Refused(string json) => Assert.Throws<NodeConfigException>(() => Parse(json));

    [Fact]
    public void A_full_config_is_read_with_paths_taken_from_its_folder()
    {
        NodeConfig config = Parse(Valid);
        Assert.Equal(2U, config.NodeId);
        Assert.Equal(3, config.Members.Count);
        Assert.Equal(7002, config.ServiceEndPoint.Port);
        Assert.Equal(Path.Combine(folder, "node2"), config.DataDirectory);
        Assert.Equal(Path.Combine(folder, "kv.wasm"), config.GuestPath);
        Assert.Equal(ReplicationMode.Remus, config.Mode);
        Assert.Equal(NondeterminismMode.Passthrough, config.Nondeterminism);
        Assert.Equal(20, config.Epoch.IntervalMs);
        Assert.Equal(RemusTrigger.Vsmr, config.Epoch.RemusTrigger);
        Assert.Equal(100, config.Checkpoint.EveryEpochs);
        Assert.Equal(250, config.Checkpoint.MinIntervalMs);
        Assert.Equal(7012, config.Status.Listen!.Port);
        Assert.Equal([1U, 3U], config.Peers.Select(p => p.Id));
    }

    [Theory]
    [InlineData("\"mode\": \"remus\"", "\"mode\": \"paxos\"", "mode", "'paxos' is not one of vsmr, remus, smr, none")]
    [InlineData("\"nodeId\": 2", "\"nodeId\": 4", "nodeId", "node 4 is not one of the members (1, 2, 3)")]
    [InlineData("\"nodeId\": 2", "\"nodeId\": \"two\"", "nodeId", "must be an integer, not string")]
    [InlineData("\"127.0.0.1:7022\"", "\"localhost:7022\"", "members[1].peer", "is not an IP address and port")]
    [InlineData("\"127.0.0.1:7003\"", "\"127.0.0.1:7002\"", "members", "address 127.0.0.1:7002 is used twice")]
    [InlineData("\"intervalMs\": 20", "\"intervalMs\": 0", "epoch.intervalMs", "must be between 1 and 60000, got 0")]
    [InlineData("\"stragglerWaitMs\": 100", "\"stragglerWaitMs\": 900", "epoch.stragglerWaitMs", "900 exceeds syncWaitMs (500)")]
    [InlineData("\"guest\": \"kv.wasm\"", "\"guest\": \"missing.wasm\"", "guest", "no such file")]
    [InlineData("\"clusterId\": \"c1\",", "", "clusterId", "is required")]
    [InlineData("\"everyEpochs\": 100", "\"everyEpochs\": 100, \"shape\": 1", "checkpoint.shape", "unknown field")]
    [InlineData("\"minIntervalMs\": 250", "\"minIntervalMs\": -1", "checkpoint.minIntervalMs", "must be between 0 and 3600000, got -1")]
    [InlineData("\"listen\": \"127.0.0.1:7012\"", "\"listen\": \"0.0.0.0:7012\"", "status.listen", "set status.token")]
    [InlineData("\"listen\": \"127.0.0.1:7012\"", "\"listen\": \"127.0.0.1:7012\", \"token\": \"short\"", "status.token", "at least 16 characters")]
    public void Every_error_names_its_field_and_reason(string valid, string broken, string field, string reason)
    {
        Assert.Contains(valid, Valid);
        NodeConfigException error = Refused(Valid.Replace(valid, broken));
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
        Assert.StartsWith("node.json: " + field, error.Message);
    }

    [Fact]
    public void Malformed_json_names_the_line()
    {
        NodeConfigException error = Refused("{\n  \"clusterId\": \"c1\",\n  oops\n}");
        Assert.Equal("(line 3)", error.Field);
    }

    [Fact]
    public void Defaults_fill_what_is_left_out()
    {
        string minimal = Valid.Replace("\"mode\": \"remus\",", "").Replace("\"nondeterminism\": \"passthrough\",", "")
            .Replace("\"epoch\": {\"intervalMs\": 20, \"syncWaitMs\": 500, \"stragglerWaitMs\": 100, \"remusTrigger\": \"vsmr\"},", "");
        NodeConfig config = Parse(minimal);
        Assert.Equal(ReplicationMode.Vsmr, config.Mode);
        Assert.Equal(NondeterminismMode.Deterministic, config.Nondeterminism);
        Assert.Equal(EpochSettings.IntervalMsDefault, config.Epoch.IntervalMs);
    }

    [Fact]
    public void A_missing_file_is_a_config_error()
    {
        NodeConfigException error = Assert.Throws<NodeConfigException>(() => NodeConfigReader.ReadFile(Path.Combine(folder, "none.json")));
        Assert.Contains("cannot be read", error.Reason);
    }
}
