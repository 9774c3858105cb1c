using System.Text;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.State;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Tests.Wasi;

public class StateTests
{
    /// <summary>
    /// A mid-workload library OS: accepted and pending connections with unread input, one peer
    /// closed, one paused by back-pressure, one half shut down, a renumbered and a closed
    /// descriptor, dropped rights, randomness drawn, time advanced, and a guest blocked in poll.
    /// </summary>
    private static WasiFixture MidWorkload()
    {
        var wasi = new WasiFixture(WasiFixture.Replicated(new RecordingNetworkSink(), new MemoryStream(), new MemoryStream())
            with { NetworkLimits = new() { InputHighWaterBytes = 64, InputBytesMax = 4096 } });
        int a = wasi.ConnectAndAccept(101), b = wasi.ConnectAndAccept(7), c = wasi.ConnectAndAccept(55);
        wasi.Os.Network.Deliver(101, "SET k v\r\nGET"u8);
        wasi.Receive(a, capacity: 9);
        wasi.Os.Network.Deliver(7, new byte[80]);       // above the high-water mark: paused
        wasi.Os.Network.Deliver(55, "bye"u8);
        wasi.Os.Network.PeerClosed(55);
        wasi.Os.SockShutdown(wasi.Memory, b, (uint)WasiSdFlags.Wr);
        wasi.Os.Network.Connect(900);
        wasi.Os.Network.Deliver(900, "pending input"u8);
        wasi.Os.Network.Connect(3);
        wasi.Os.FdRenumber(wasi.Memory, c, 0);
        wasi.Os.FdClose(wasi.Memory, 2);
        wasi.Os.FdFdstatSetFlags(wasi.Memory, a, (uint)WasiFdFlags.Nonblock);
        wasi.Os.FdFdstatSetRights(wasi.Memory, 1, (ulong)WasiRights.FdWrite, 0);
        wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 1_000_000, 77);
        wasi.Os.RandomGet(wasi.Memory, WasiFixture.Buffer2At, 13);
        BlockInPoll(wasi, a);
        return wasi;
    }

    private static WasiCallResult BlockInPoll(WasiFixture wasi, int fd)
    {
        const uint subscriptions = 0x5000;
        wasi.Memory.Place(subscriptions, new byte[96]);
        wasi.Memory.Place(subscriptions + 8, [(byte)WasiEventType.Clock]);
        wasi.Memory.PlaceU32(subscriptions + 16, (uint)WasiClockId.Monotonic);
        wasi.Memory.PlaceU64(subscriptions + 24, 3_000_000);
        wasi.Memory.Place(subscriptions + 48 + 8, [(byte)WasiEventType.FdRead]);
        wasi.Memory.PlaceU32(subscriptions + 48 + 16, 5);   // the listener's queue is not empty, so not this one
        wasi.Memory.PlaceU32(subscriptions + 48 + 16, 99);
        wasi.Memory.PlaceU32(subscriptions + 48 + 16, (uint)fd);
        return wasi.Os.PollOneoff(wasi.Memory, subscriptions, 0x6000, 2, 0x6800);
    }

    /// <summary>The same further inputs and calls, applied to a library OS; returns a transcript.</summary>
    private static string Continue(WasiFixture wasi)
    {
        var log = new StringBuilder();
        log.AppendLine($"resume {wasi.Os.CanResume()} in {wasi.Os.NanosecondsUntilDeadline()}");
        wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 4_000_000, 78);
        log.AppendLine($"resume {wasi.Os.CanResume()}");
        log.AppendLine($"poll {BlockInPoll(wasi, 4)} {wasi.Memory.U32(0x6800)}");
        for (int i = 0; i < 3; i++)
        {
            WasiCallResult accepted = wasi.Os.SockAccept(wasi.Memory, WasiFixture.ListenerFd, 0, WasiFixture.OutAt);
            log.AppendLine($"accept {accepted} {wasi.Memory.U32(WasiFixture.OutAt)}");
        }
        foreach (int fd in new[] { 0, 4, 5, 2, 6 })
        {
            var (result, text) = wasi.Receive(fd, capacity: 200);
            log.AppendLine($"recv {fd} {result} [{text.Replace("\0", ".")}]");
            log.AppendLine($"send {fd} {wasi.Send(fd, $"reply to {fd}")}");
        }
        log.AppendLine($"random {Convert.ToHexString(RandomBytes(wasi))}");
        log.AppendLine(string.Join(",", wasi.Sink.Events));
        return log.ToString();
    }

    private static byte[] RandomBytes(WasiFixture wasi)
    {
        wasi.Os.RandomGet(wasi.Memory, WasiFixture.Buffer2At, 16);
        return wasi.Memory.Bytes(WasiFixture.Buffer2At, 16);
    }

    private static WasiFixture RestoreInto(WasiFixture original, byte[] state)
    {
        var fresh = new WasiFixture(WasiFixture.Replicated(new RecordingNetworkSink(), new MemoryStream(), new MemoryStream())
            with { NetworkLimits = original.Configuration.NetworkLimits });
        // The fresh instance stands for a fresh guest whose memory is restored too.
        fresh.Memory.Place(0, original.Memory.Bytes(0, original.Memory.Size));
        fresh.Os.Dispose();
        return new RestoredFixture(fresh, WasiLibraryOs.Restore(fresh.Configuration, state)).Fixture;
    }

    private sealed record RestoredFixture(WasiFixture Shell, WasiLibraryOs Os)
    {
        public WasiFixture Fixture => WasiFixture.Wrap(Shell, Os);
    }

    [Fact]
    public void Restored_state_captures_to_the_same_bytes()
    {
        using WasiFixture original = MidWorkload();
        byte[] state = original.Os.CaptureState();
        using WasiFixture restored = RestoreInto(original, state);
        Assert.Equal(state, restored.Os.CaptureState());
    }

    [Fact]
    public void A_restored_instance_continues_exactly_as_the_original()
    {
        using WasiFixture original = MidWorkload();
        using WasiFixture restored = RestoreInto(original, original.Os.CaptureState());
        original.Sink.Events.Clear();
        string expected = Continue(original), actual = Continue(restored);
        Assert.Equal(expected, actual);
        Assert.Contains("poll Success 1", expected);
        Assert.Contains("reply to 4", original.Sink.SentText(101));
        Assert.Equal(original.Os.CaptureState(), restored.Os.CaptureState());
        Assert.Equal(original.Memory.Bytes(0, original.Memory.Size), restored.Memory.Bytes(0, restored.Memory.Size));
    }

    [Fact]
    public void Capturing_has_no_effect_and_repeats_byte_for_byte()
    {
        using WasiFixture wasi = MidWorkload();
        byte[] first = wasi.Os.CaptureState();
        Assert.Equal(first, wasi.Os.CaptureState());
        using WasiFixture twin = MidWorkload();
        Assert.Equal(first, twin.Os.CaptureState());
    }

    [Fact]
    public void The_same_logical_state_reached_by_different_histories_has_the_same_bytes()
    {
        using WasiFixture a = new(), b = new();
        // a: two clients connect, then both are accepted (fd 4 = 20, fd 5 = 10). b: three are
        // accepted as they arrive and renumbered into the same places, closing the first.
        a.Os.Network.Connect(20);
        a.Os.Network.Connect(10);
        a.Os.SockAccept(a.Memory, 3, 0, WasiFixture.OutAt);
        a.Os.SockAccept(a.Memory, 3, 0, WasiFixture.OutAt);
        b.ConnectAndAccept(5);
        b.ConnectAndAccept(20);
        b.ConnectAndAccept(10);
        Assert.Equal(WasiErrno.Success, b.Os.FdRenumber(b.Memory, 5, 4));
        Assert.Equal(5, b.ConnectAndAccept(99));
        Assert.Equal(WasiErrno.Success, b.Os.FdRenumber(b.Memory, 6, 5));
        Assert.Equal(a.Os.CaptureState(), b.Os.CaptureState());
        b.Os.Network.Deliver(10, "x"u8);
        Assert.NotEqual(a.Os.CaptureState(), b.Os.CaptureState());
    }

    [Fact]
    public void Different_states_have_different_bytes()
    {
        using WasiFixture a = new(), b = new();
        Assert.Equal(a.Os.CaptureState(), b.Os.CaptureState());
        b.Os.RandomGet(b.Memory, WasiFixture.BufferAt, 1);
        Assert.NotEqual(a.Os.CaptureState(), b.Os.CaptureState());
    }

    [Fact]
    public void A_truncated_blob_is_a_format_error_at_every_length()
    {
        using WasiFixture original = MidWorkload();
        byte[] state = original.Os.CaptureState();
        for (int length = 0; length < state.Length; length++)
        {
            var error = Assert.Throws<WasiStateFormatException>(() => WasiLibraryOs.Restore(original.Configuration, state[..length]));
            Assert.InRange(error.Offset, 0, length);
        }
    }

    [Fact]
    public void A_corrupted_blob_restores_or_fails_as_a_format_error_never_otherwise()
    {
        using WasiFixture original = MidWorkload();
        byte[] state = original.Os.CaptureState();
        int refused = 0;
        for (int i = 0; i < state.Length; i++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] corrupt = (byte[])state.Clone();
                corrupt[i] ^= mask;
                try
                {
                    WasiLibraryOs.Restore(original.Configuration, corrupt).Dispose();
                }
                catch (WasiStateFormatException)
                {
                    refused++;
                }
            }
        }
        Assert.True(refused > state.Length, $"only {refused} of {state.Length * 3} corruptions were refused");
    }

    [Fact]
    public void Trailing_bytes_bad_magic_and_another_version_are_refused()
    {
        using var wasi = new WasiFixture();
        byte[] state = wasi.Os.CaptureState();
        Assert.Contains("trailing", Assert.Throws<WasiStateFormatException>(() => WasiLibraryOs.Restore(wasi.Configuration, [.. state, 0])).Message);
        byte[] magic = (byte[])state.Clone();
        magic[0] = (byte)'X';
        Assert.Contains("magic", Assert.Throws<WasiStateFormatException>(() => WasiLibraryOs.Restore(wasi.Configuration, magic)).Message);
        byte[] version = (byte[])state.Clone();
        version[4] = 2;
        Assert.Contains("version", Assert.Throws<WasiStateFormatException>(() => WasiLibraryOs.Restore(wasi.Configuration, version)).Message);
    }

    [Fact]
    public void A_blob_from_another_configuration_is_refused()
    {
        using var wasi = new WasiFixture();
        byte[] state = wasi.Os.CaptureState();
        Assert.Contains("mode", Assert.Throws<WasiStateFormatException>(() => WasiLibraryOs.Restore(new WasiConfiguration(), state)).Message);
        var noNetwork = new WasiConfiguration { Nondeterminism = WasiNondeterminism.Deterministic(0, 0) };
        Assert.Contains("network", Assert.Throws<WasiStateFormatException>(() => WasiLibraryOs.Restore(noNetwork, state)).Message);
    }

    [Fact]
    public void A_blocked_call_survives_restore_and_resumes_at_the_same_deadline()
    {
        using var original = new WasiFixture();
        int fd = original.ConnectAndAccept(1);
        Assert.True(BlockInPoll(original, fd).WouldBlock);
        using WasiFixture restored = RestoreInto(original, original.Os.CaptureState());
        Assert.Equal("poll_oneoff", restored.Os.BlockedCall!.Function);
        Assert.Equal(original.Os.BlockedCall!.Deadlines, restored.Os.BlockedCall.Deadlines);
        Assert.Equal(original.Os.BlockedCall.Arguments, restored.Os.BlockedCall.Arguments);
        foreach (WasiFixture wasi in new[] { original, restored })
        {
            wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 2_999_999, 5);
            Assert.True(BlockInPoll(wasi, fd).WouldBlock);
            wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 3_000_000, 5);
            Assert.Equal(WasiErrno.Success, BlockInPoll(wasi, fd).Errno);
        }
    }

    [Fact]
    public void Passthrough_monotonic_time_continues_after_restore_on_a_host_whose_clock_is_behind()
    {
        var first = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(5_000));
        first.Advance(TimeSpan.FromHours(3));
        var configuration = new WasiConfiguration { Nondeterminism = WasiNondeterminism.Passthrough(first) };
        using var original = new WasiFixture(configuration);
        original.Os.ClockTimeGet(original.Memory, (uint)WasiClockId.Monotonic, 0, WasiFixture.OutAt);
        ulong seen = original.Memory.U64(WasiFixture.OutAt);
        var second = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(5_000));
        using var restored = WasiLibraryOs.Restore(configuration with { Nondeterminism = WasiNondeterminism.Passthrough(second) }, original.Os.CaptureState());
        var memory = new FakeGuestMemory();
        restored.ClockTimeGet(memory, (uint)WasiClockId.Monotonic, 0, 0);
        Assert.Equal(seen, memory.U64(0));
        second.Advance(TimeSpan.FromMilliseconds(2));
        restored.ClockTimeGet(memory, (uint)WasiClockId.Monotonic, 0, 0);
        Assert.Equal(seen + 2_000_000, memory.U64(0));
    }
}
