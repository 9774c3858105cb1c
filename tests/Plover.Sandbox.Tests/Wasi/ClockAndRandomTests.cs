using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Tests.Wasi;

public class ClockAndRandomTests
{
    private const uint TimeAt = WasiFixture.OutAt;

    private static ulong Now(WasiFixture wasi, WasiClockId clock)
    {
        Assert.Equal(WasiErrno.Success, wasi.Os.ClockTimeGet(wasi.Memory, (uint)clock, 0, TimeAt));
        return wasi.Memory.U64(TimeAt);
    }

    private static byte[] Random(WasiFixture wasi, int length)
    {
        Assert.Equal(WasiErrno.Success, wasi.Os.RandomGet(wasi.Memory, WasiFixture.BufferAt, (uint)length));
        return wasi.Memory.Bytes(WasiFixture.BufferAt, length);
    }

    [Fact]
    public void Deterministic_clocks_read_the_event_time()
    {
        using var wasi = new WasiFixture();
        Assert.Equal((ulong)WasiFixture.StartTimeNs, Now(wasi, WasiClockId.Realtime));
        Assert.Equal((ulong)WasiFixture.StartTimeNs, Now(wasi, WasiClockId.Monotonic));
        wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 5_000, 1);
        Assert.Equal((ulong)WasiFixture.StartTimeNs + 5_000, Now(wasi, WasiClockId.Realtime));
        Assert.Equal((ulong)WasiFixture.StartTimeNs + 5_000, Now(wasi, WasiClockId.Monotonic));
    }

    [Fact]
    public void Deterministic_monotonic_clock_never_goes_back_when_the_event_time_does()
    {
        using var wasi = new WasiFixture();
        wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 9_000, 1);
        wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 2_000, 2);
        Assert.Equal((ulong)WasiFixture.StartTimeNs + 2_000, Now(wasi, WasiClockId.Realtime));
        Assert.Equal((ulong)WasiFixture.StartTimeNs + 9_000, Now(wasi, WasiClockId.Monotonic));
    }

    [Fact]
    public void Deterministic_randomness_repeats_for_the_same_event_context_and_differs_for_another_seed()
    {
        using WasiFixture a = new(), b = new();
        a.Os.SetEventContext(WasiFixture.StartTimeNs, 1234);
        b.Os.SetEventContext(WasiFixture.StartTimeNs, 1234);
        byte[] first = Random(a, 40);
        Assert.Equal(first, Random(b, 40));
        Assert.NotEqual(first, Random(a, 40));   // the stream continues within an event
        b.Os.SetEventContext(WasiFixture.StartTimeNs, 1235);
        a.Os.SetEventContext(WasiFixture.StartTimeNs, 1234);
        Assert.Equal(first, Random(a, 40));       // a new event with the same seed starts over
        Assert.NotEqual(first, Random(b, 40));
    }

    [Fact]
    public void Deterministic_random_bytes_are_the_xoshiro_stream_of_the_event_seed()
    {
        using var wasi = new WasiFixture();
        wasi.Os.SetEventContext(WasiFixture.StartTimeNs, 99);
        var reference = Xoshiro256StarStar.FromSeed(99);
        byte[] expected = new byte[24];
        reference.Fill(expected);
        Assert.Equal(expected, Random(wasi, 24));
    }

    [Fact]
    public void Random_get_writes_exactly_the_requested_bytes()
    {
        using var wasi = new WasiFixture();
        Random(wasi, 5);
        Assert.Equal([(WasiFixture.BufferAt, 5u)], wasi.Memory.Writes);
        Assert.Equal(0, wasi.Memory.U8(WasiFixture.BufferAt + 5));
    }

    [Fact]
    public void Random_get_outside_memory_is_efault_and_consumes_nothing()
    {
        using WasiFixture a = new(), b = new();
        Assert.Equal(WasiErrno.Fault, a.Os.RandomGet(a.Memory, (uint)a.Memory.Size - 4, 8));
        Assert.Empty(a.Memory.Writes);
        Assert.Equal(Random(b, 16), Random(a, 16));
    }

    [Fact]
    public void Negative_event_time_is_refused()
    {
        using var wasi = new WasiFixture();
        Assert.Throws<ArgumentOutOfRangeException>(() => wasi.Os.SetEventContext(-1, 0));
    }

    [Fact]
    public void Passthrough_mode_reads_the_host_clock_and_refuses_event_contexts()
    {
        var host = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_000));
        using var wasi = new WasiFixture(new WasiConfiguration { Nondeterminism = WasiNondeterminism.Passthrough(host) });
        Assert.Equal(1_000_000_000_000UL, Now(wasi, WasiClockId.Realtime));
        ulong monotonic = Now(wasi, WasiClockId.Monotonic);
        host.Advance(TimeSpan.FromMilliseconds(3));
        Assert.Equal(1_000_003_000_000UL, Now(wasi, WasiClockId.Realtime));
        Assert.Equal(monotonic + 3_000_000, Now(wasi, WasiClockId.Monotonic));
        Assert.Throws<InvalidOperationException>(() => wasi.Os.SetEventContext(1, 1));
    }

    [Fact]
    public void Passthrough_monotonic_clock_ignores_a_wall_clock_step_back()
    {
        var host = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_000));
        using var wasi = new WasiFixture(new WasiConfiguration { Nondeterminism = WasiNondeterminism.Passthrough(host) });
        host.Advance(TimeSpan.FromSeconds(1));
        ulong monotonic = Now(wasi, WasiClockId.Monotonic);
        host.StepWallClockBack(TimeSpan.FromSeconds(10));
        Assert.Equal(991_000_000_000UL, Now(wasi, WasiClockId.Realtime));
        Assert.Equal(monotonic, Now(wasi, WasiClockId.Monotonic));
    }

    [Fact]
    public void Passthrough_randomness_comes_from_the_host()
    {
        using var wasi = new WasiFixture(new WasiConfiguration());
        byte[] a = Random(wasi, 32), b = Random(wasi, 32);
        Assert.NotEqual(a, b);
        Assert.NotEqual(new byte[32], a);
    }

    [Theory]
    [InlineData(WasiClockId.Realtime)]
    [InlineData(WasiClockId.Monotonic)]
    public void Clock_resolution_is_positive(WasiClockId clock)
    {
        using var wasi = new WasiFixture(new WasiConfiguration());
        Assert.Equal(WasiErrno.Success, wasi.Os.ClockResGet(wasi.Memory, (uint)clock, TimeAt));
        Assert.InRange(wasi.Memory.U64(TimeAt), 1UL, 1_000_000UL);
    }

    [Theory]
    [InlineData(WasiClockId.ProcessCputimeId, WasiErrno.Badf)]
    [InlineData(WasiClockId.ThreadCputimeId, WasiErrno.Badf)]
    [InlineData((WasiClockId)4, WasiErrno.Inval)]
    public void Unsupported_clocks_fail_as_in_wasmtime(WasiClockId clock, WasiErrno expected)
    {
        using var wasi = new WasiFixture();
        Assert.Equal(expected, wasi.Os.ClockTimeGet(wasi.Memory, (uint)clock, 0, TimeAt));
        Assert.Equal(expected, wasi.Os.ClockResGet(wasi.Memory, (uint)clock, TimeAt));
    }

    [Fact]
    public void Clock_time_get_outside_memory_is_efault()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Fault, wasi.Os.ClockTimeGet(wasi.Memory, 0, 0, (uint)wasi.Memory.Size - 7));
        Assert.Equal(WasiErrno.Fault, wasi.Os.ClockResGet(wasi.Memory, 0, uint.MaxValue));
    }
}
