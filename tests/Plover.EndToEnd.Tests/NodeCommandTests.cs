using Xunit.Abstractions;

namespace Plover.EndToEnd.Tests;

/// <summary>`plover node` on its own: precise failures with distinct exit codes.</summary>
public class NodeCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("plover-node-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<ProcessRun> RunNodeAsync(string configJson)
    {
        string config = Path.Combine(folder, "node.json");
        File.WriteAllText(config, configJson);
        ProcessRun run = await ProcessRun.RunAsync(Repository.Launcher, ["node", "--config", config], TimeSpan.FromMinutes(2));
        output.WriteLine(run.Output);
        return run;
    }

    private string Config(string guest, string extra = "") => $$"""
        {
          "clusterId": "solo", "nodeId": 1,
          "members": [{"id": 1, "peer": "127.0.0.1:0", "service": "127.0.0.1:0"}],
          "dataDir": "data", "guest": "{{guest}}", "mode": "none",
          "status": {"listen": "none"}, "certificates": "certs"{{extra}}
        }
        """;

    [Fact]
    public async Task A_bad_config_exits_2_naming_the_field()
    {
        ProcessRun run = await RunNodeAsync(Config(Repository.Guest("kv.wasm"), ", \"epoch\": {\"intervalMs\": -5}"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("epoch.intervalMs: must be between 1 and 60000, got -5", run.Output);
    }

    [Fact]
    public async Task A_guest_that_is_not_a_module_exits_3_naming_the_guest()
    {
        string bogus = Path.Combine(folder, "bogus.wasm");
        File.WriteAllText(bogus, "not wasm");
        ProcessRun run = await RunNodeAsync(Config(bogus));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("cannot start: guest", run.Output);
        Assert.Contains("bogus.wasm", run.Output);
        Assert.False(File.Exists(Path.Combine(folder, "data", "node.pid")));
    }
}
