using Plover.Linearizability;
using Plover.Linearizability.Resp;

namespace Plover.Guests.Tests.Kv;

/// <summary>Concurrent clients against kv-native, recorded and checked: a single-threaded server must be linearizable.</summary>
public class KvLinearizabilityTests : KvServerTest
{
    [Fact]
    public async Task Concurrent_clients_observe_a_linearizable_history()
    {
        const int Clients = 12, OperationsPerClient = 250;
        string[] keys = ["a", "b", "c", "d"];
        var recorder = new HistoryRecorder();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async id =>
        {
            var random = new Random(id); // seeded: the command mix is reproducible
            await using var client = new RecordingKvClient(id, await Server.ConnectAsync(), recorder);
            for (int i = 0; i < OperationsPerClient; i++)
            {
                string key = keys[random.Next(keys.Length)];
                KvCommand command = random.Next(7) switch
                {
                    0 or 1 => new KvCommand.Get(key),
                    2 => new KvCommand.Set(key, $"{id}-{i}"),
                    3 => new KvCommand.Incr(key),
                    4 => new KvCommand.Del(key),
                    5 => new KvCommand.MGet(keys[random.Next(keys.Length)], key),
                    _ => new KvCommand.MSet((key, $"{id}-{i}"), (keys[random.Next(keys.Length)], $"{i}")),
                };
                Assert.NotNull(await client.ExecuteAsync(command));
            }
        }));
        IReadOnlyList<KvOperation> history = recorder.History();
        Assert.Equal(Clients * OperationsPerClient, history.Count);
        LinearizabilityResult result = KvLinearizability.Check(history);
        Assert.True(result.IsLinearizable, result.Explanation);
    }
}
