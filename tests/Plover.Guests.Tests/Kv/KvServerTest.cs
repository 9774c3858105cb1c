using Plover.Linearizability.Resp;

namespace Plover.Guests.Tests.Kv;

/// <summary>
/// A test class that gets a fresh kv server and one connection per test. Each class of kv tests
/// runs twice: against kv-native, the build to measure, and against kv-asan, the same source under
/// AddressSanitizer, LeakSanitizer and UBSan (see SanitizedKvTests.cs); most also run against the
/// wasm build served by `plover run` (PloverRunKvTests.cs).
/// </summary>
public abstract class KvServerTest : IAsyncLifetime
{
    protected virtual string Binary => "kv-native";

    private protected virtual Task<GuestServer> StartServerAsync() => GuestServer.StartAsync(Binary);
    private protected GuestServer Server { get; private set; } = null!;
    protected RespConnection Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await StartServerAsync();
        Connection = await Server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Server.DisposeAsync();
    }
}
