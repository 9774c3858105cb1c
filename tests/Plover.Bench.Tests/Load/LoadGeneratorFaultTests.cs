using Plover.Bench.Load;

namespace Plover.Bench.Tests.Load;

/// <summary>How the load generator reports servers that misbehave, against a scripted server.</summary>
[Collection(ServerCollection.Name)]
public sealed class LoadGeneratorFaultTests
{
    private static LoadOptions Options(ScriptedRespServer server, Workload? workload = null) => new()
    {
        Endpoints = [server.Endpoint],
        Connections = 2,
        Pipeline = 4,
        Warmup = TimeSpan.Zero,
        Duration = TimeSpan.FromMilliseconds(300),
        Prefill = false,
        DrainTimeout = TimeSpan.FromMilliseconds(500),
        Workload = workload ?? new Workload { ValueBytes = 10, ReadRatio = 1 },
    };

    [Fact]
    public async Task Sets_alone_are_counted_and_timed_and_never_more_than_the_server_answered()
    {
        await using var server = new ScriptedRespServer(command => ScriptedRespServer.Text(command[0] == "SET" && command[2].Length == 10 ? "+OK\r\n" : "-ERR not a SET\r\n"));
        LoadResult result = await LoadGenerator.RunAsync(Options(server, new Workload { ValueBytes = 10, ReadRatio = 0 }));
        Assert.Equal(0, result.Errors);
        Assert.True(result.Requests > 0);
        Assert.True(result.Requests <= server.Commands, $"{result.Requests} counted, {server.Commands} answered");
        Assert.Equal(result.Requests, result.Latency!.Count);
    }

    [Fact]
    public async Task A_value_of_the_wrong_size_is_a_wrong_reply()
    {
        await using var server = new ScriptedRespServer(_ => ScriptedRespServer.Text("$3\r\nabc\r\n"));
        LoadResult result = await LoadGenerator.RunAsync(Options(server));
        Assert.True(result.Errors > 0);
        Assert.Equal($"{result.Errors} WrongReply", result.ErrorSummary);
        Assert.Contains("GET on connection", result.ErrorSamples[0]);
        Assert.Contains("got '$3\\r\\nabc\\r\\n'", result.ErrorSamples[0]);
        Assert.True(result.ErrorSamples.Count <= LoadErrors.SamplesMax);
    }

    [Fact]
    public async Task Garbage_is_a_protocol_error_and_ends_the_connection()
    {
        await using var server = new ScriptedRespServer(_ => ScriptedRespServer.Text("HTTP/1.1 400 Bad Request\r\n"));
        LoadResult result = await LoadGenerator.RunAsync(Options(server));
        Assert.Equal(2, result.Errors); // one per connection: after a protocol error the stream cannot be read on
        Assert.Equal("2 ProtocolError", result.ErrorSummary);
        Assert.Contains("unknown type byte 0x48", result.ErrorSamples[0]);
        Assert.Equal(0, result.Requests);
        Assert.Null(result.Latency);
        Assert.Equal(0, result.ThroughputOpsPerSecond);
    }

    [Fact]
    public async Task Unsolicited_bytes_are_a_protocol_error()
    {
        await using var server = new ScriptedRespServer(_ => ScriptedRespServer.Text("+OK\r\n+OK\r\n"));
        LoadResult result = await LoadGenerator.RunAsync(Options(server, new Workload { ReadRatio = 0 }) with { Pipeline = 1 });
        Assert.Equal("2 ProtocolError", result.ErrorSummary);
        Assert.Contains("arrived with no request outstanding", result.ErrorSamples[0]);
    }

    [Fact]
    public async Task A_server_hanging_up_is_a_connection_failure()
    {
        await using var server = new ScriptedRespServer(_ => []);
        LoadResult result = await LoadGenerator.RunAsync(Options(server));
        Assert.Equal("2 ConnectionFailure", result.ErrorSummary);
        Assert.Contains("closed the connection with 4 request(s) in flight", result.ErrorSamples[0]);
    }

    [Fact]
    public async Task A_server_that_stops_answering_leaves_unanswered_requests_after_the_drain_timeout()
    {
        int answered = 0;
        await using var server = new ScriptedRespServer(_ => Interlocked.Increment(ref answered) <= 20 ? ScriptedRespServer.Text("$-1\r\n") : null);
        LoadResult result = await LoadGenerator.RunAsync(Options(server));
        Assert.Equal(8, result.Errors); // both connections' 4 requests in flight
        Assert.Equal("8 Unanswered", result.ErrorSummary);
        Assert.Contains("4 request(s) unanswered", result.ErrorSamples[0]);
    }

    [Fact]
    public async Task A_refused_connection_is_reported_not_thrown()
    {
        int port;
        await using (var closed = new ScriptedRespServer(_ => null)) port = closed.Endpoint.Port;
        var options = new LoadOptions
        {
            Endpoints = LoadGenerator.Loopback(port),
            Connections = 3,
            Warmup = TimeSpan.Zero,
            Duration = TimeSpan.FromMilliseconds(100),
        };
        LoadResult result = await LoadGenerator.RunAsync(options);
        Assert.Equal("3 ConnectionFailure", result.ErrorSummary);
        Assert.Equal(0, result.Requests);
    }

    [Fact]
    public async Task Settings_that_cannot_run_are_refused_before_connecting()
    {
        var endpoint = LoadGenerator.Loopback(1);
        await Assert.ThrowsAsync<ArgumentException>(() => LoadGenerator.RunAsync(new LoadOptions { Endpoints = [] }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => LoadGenerator.RunAsync(new LoadOptions { Endpoints = endpoint, Pipeline = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => LoadGenerator.RunAsync(new LoadOptions { Endpoints = endpoint, Connections = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => LoadGenerator.RunAsync(new LoadOptions { Endpoints = endpoint, Duration = TimeSpan.Zero }));
        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => LoadGenerator.RunAsync(new LoadOptions
        {
            Endpoints = endpoint,
            Pipeline = 1000,
            Workload = new Workload { ValueBytes = Workload.ValueBytesMax },
        }));
        Assert.Contains("bytes per connection", e.Message);
    }
}
