namespace Plover.Guests.Tests.Kv;

// Every kv test again, against the wasm build (guests/build/kv.wasm, prepared with Asyncify)
// served by `plover run kv.wasm --listen`: the same replies, byte for byte, through Plover's
// sandbox, library OS and virtual network. KvMemoryTests is left out: it reads the resident set
// of a native process, which a .NET host's heap does not mirror.

public sealed class KvCommandTestsUnderPlover : KvCommandTests
{
    private protected override Task<GuestServer> StartServerAsync() => GuestServer.StartUnderPloverAsync("kv.wasm");
}

public sealed class KvAggregateTestsUnderPlover : KvAggregateTests
{
    private protected override Task<GuestServer> StartServerAsync() => GuestServer.StartUnderPloverAsync("kv.wasm");
}

public sealed class KvProtocolTestsUnderPlover : KvProtocolTests
{
    private protected override Task<GuestServer> StartServerAsync() => GuestServer.StartUnderPloverAsync("kv.wasm");
}

public sealed class KvConnectionTestsUnderPlover : KvConnectionTests
{
    private protected override Task<GuestServer> StartServerAsync() => GuestServer.StartUnderPloverAsync("kv.wasm");
}

public sealed class KvExpiryTestsUnderPlover : KvExpiryTests
{
    private protected override Task<GuestServer> StartServerAsync() => GuestServer.StartUnderPloverAsync("kv.wasm");
}

public sealed class RedisToolsTestsUnderPlover : RedisToolsTests
{
    private protected override Task<GuestServer> StartServerAsync() => GuestServer.StartUnderPloverAsync("kv.wasm");
}

public sealed class KvLinearizabilityTestsUnderPlover : KvLinearizabilityTests
{
    private protected override Task<GuestServer> StartServerAsync() => GuestServer.StartUnderPloverAsync("kv.wasm");
}
