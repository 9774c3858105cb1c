namespace Plover.Guests.Tests.Kv;

// Every kv test again, against the sanitizer build: a memory error or undefined behaviour aborts the
// server (failing the test), and the clean shutdown at the end reports any leak.

public sealed class KvCommandTestsUnderSanitizers : KvCommandTests
{
    protected override string Binary => "kv-asan";
}

public sealed class KvAggregateTestsUnderSanitizers : KvAggregateTests
{
    protected override string Binary => "kv-asan";
}

public sealed class KvProtocolTestsUnderSanitizers : KvProtocolTests
{
    protected override string Binary => "kv-asan";
}

public sealed class KvConnectionTestsUnderSanitizers : KvConnectionTests
{
    protected override string Binary => "kv-asan";
}

public sealed class KvExpiryTestsUnderSanitizers : KvExpiryTests
{
    protected override string Binary => "kv-asan";
}

public sealed class RedisToolsTestsUnderSanitizers : RedisToolsTests
{
    protected override string Binary => "kv-asan";
}

public sealed class KvLinearizabilityTestsUnderSanitizers : KvLinearizabilityTests
{
    protected override string Binary => "kv-asan";
}
