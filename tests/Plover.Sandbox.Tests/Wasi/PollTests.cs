using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Tests.Wasi;

public class PollTests
{
    private const uint SubscriptionsAt = 0x2000;
    private const uint EventsAt = 0x4000;
    private const uint CountAt = WasiFixture.OutAt;

    private abstract record Sub(ulong Userdata);
    private sealed record ClockSub(ulong Userdata, WasiClockId Clock, ulong Timeout, bool Absolute = false) : Sub(Userdata);
    private sealed record FdSub(ulong Userdata, int Fd, bool Write = false) : Sub(Userdata);

    private sealed record Event(ulong Userdata, WasiErrno Error, WasiEventType Type, ulong Bytes, WasiEventRwFlags Flags);

    private static void Place(FakeGuestMemory memory, params Sub[] subscriptions)
    {
        for (int i = 0; i < subscriptions.Length; i++)
        {
            uint at = SubscriptionsAt + (uint)i * 48;
            memory.Place(at, new byte[48]);
            memory.PlaceU64(at, subscriptions[i].Userdata);
            switch (subscriptions[i])
            {
                case ClockSub clock:
                    memory.Place(at + 8, [(byte)WasiEventType.Clock]);
                    memory.PlaceU32(at + 16, (uint)clock.Clock);
                    memory.PlaceU64(at + 24, clock.Timeout);
                    memory.PlaceU64(at + 32, 1000);
                    memory.PlaceU16(at + 40, clock.Absolute ? (ushort)1 : (ushort)0);
                    break;
                case FdSub fd:
                    memory.Place(at + 8, [(byte)(fd.Write ? WasiEventType.FdWrite : WasiEventType.FdRead)]);
                    memory.PlaceU32(at + 16, (uint)fd.Fd);
                    break;
            }
        }
    }

    private static (WasiCallResult Result, List<Event> Events) Poll(WasiFixture wasi, params Sub[] subscriptions)
    {
        Place(wasi.Memory, subscriptions);
        WasiCallResult result = wasi.Os.PollOneoff(wasi.Memory, SubscriptionsAt, EventsAt, (uint)subscriptions.Length, CountAt);
        var events = new List<Event>();
        if (!result.WouldBlock && result.Errno == WasiErrno.Success)
            for (uint i = 0; i < wasi.Memory.U32(CountAt); i++)
            {
                uint at = EventsAt + i * 32;
                events.Add(new Event(wasi.Memory.U64(at), (WasiErrno)wasi.Memory.U16(at + 8), (WasiEventType)wasi.Memory.U8(at + 10),
                    wasi.Memory.U64(at + 16), (WasiEventRwFlags)wasi.Memory.U16(at + 24)));
            }
        return (result, events);
    }

    [Fact]
    public void Zero_subscriptions_is_einval()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Inval, wasi.Os.PollOneoff(wasi.Memory, SubscriptionsAt, EventsAt, 0, CountAt).Errno);
    }

    [Fact]
    public void Ready_descriptors_are_reported_in_subscription_order_with_their_byte_counts()
    {
        using var wasi = new WasiFixture();
        int quiet = wasi.ConnectAndAccept(1), busy = wasi.ConnectAndAccept(2);
        wasi.Os.Network.Deliver(2, "hello"u8);
        wasi.Os.Network.Connect(3);
        var (result, events) = Poll(wasi,
            new FdSub(100, quiet), new FdSub(200, busy), new FdSub(300, WasiFixture.ListenerFd), new FdSub(400, quiet, Write: true),
            new ClockSub(500, WasiClockId.Monotonic, 1_000_000));
        Assert.Equal(WasiErrno.Success, result.Errno);
        Assert.Equal(
        [
            new Event(200, WasiErrno.Success, WasiEventType.FdRead, 5, WasiEventRwFlags.None),
            new Event(300, WasiErrno.Success, WasiEventType.FdRead, 1, WasiEventRwFlags.None),
            new Event(400, WasiErrno.Success, WasiEventType.FdWrite, (ulong)WasiLibraryOs.IoBytesPerCallMax, WasiEventRwFlags.None),
        ], events);
    }

    [Fact]
    public void Events_are_written_at_the_abi_offsets_and_only_for_ready_subscriptions()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        wasi.Os.Network.Deliver(1, "abc"u8);
        wasi.Memory.Writes.Clear();
        Poll(wasi, new FdSub(0xDEAD_BEEF_0000_0001, fd), new FdSub(2, WasiFixture.ListenerFd));
        Assert.Equal([(EventsAt, 32u), (CountAt, 4u)], wasi.Memory.Writes);
        Assert.Equal(0xDEAD_BEEF_0000_0001UL, wasi.Memory.U64(EventsAt));
        Assert.Equal((byte)WasiEventType.FdRead, wasi.Memory.U8(EventsAt + 10));
        Assert.Equal(3UL, wasi.Memory.U64(EventsAt + 16));
    }

    [Fact]
    public void A_peer_that_closed_shows_as_hangup_on_read()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        wasi.Os.Network.Deliver(1, "last"u8);
        wasi.Os.Network.PeerClosed(1);
        Assert.Equal([new Event(1, WasiErrno.Success, WasiEventType.FdRead, 4, WasiEventRwFlags.FdReadwriteHangup)], Poll(wasi, new FdSub(1, fd)).Events);
        wasi.Receive(fd);
        Assert.Equal([new Event(1, WasiErrno.Success, WasiEventType.FdRead, 0, WasiEventRwFlags.FdReadwriteHangup)], Poll(wasi, new FdSub(1, fd)).Events);
    }

    [Fact]
    public void Writing_after_shutdown_shows_as_an_epipe_event()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        wasi.Os.SockShutdown(wasi.Memory, fd, (uint)WasiSdFlags.Wr);
        Assert.Equal([new Event(9, WasiErrno.Pipe, WasiEventType.FdWrite, 0, WasiEventRwFlags.None)], Poll(wasi, new FdSub(9, fd, Write: true)).Events);
    }

    [Fact]
    public void Stdio_is_always_ready()
    {
        using var wasi = new WasiFixture(new WasiConfiguration { Stdin = new MemoryStream([1]) });
        var (_, events) = Poll(wasi, new FdSub(1, 0), new FdSub(2, 1, Write: true));
        Assert.Equal([WasiEventType.FdRead, WasiEventType.FdWrite], events.Select(e => e.Type));
    }

    [Fact]
    public void Nothing_ready_blocks_with_the_descriptors_and_deadline_recorded()
    {
        using var wasi = new WasiFixture();
        int fd = wasi.ConnectAndAccept(1);
        wasi.Memory.Writes.Clear();
        var (result, _) = Poll(wasi, new FdSub(1, fd), new ClockSub(2, WasiClockId.Monotonic, 5_000_000));
        Assert.True(result.WouldBlock);
        Assert.Empty(wasi.Memory.Writes);
        WasiBlockedCall blocked = wasi.Os.BlockedCall!;
        Assert.Equal("poll_oneoff", blocked.Function);
        Assert.Equal([new WasiFdInterest(fd, false)], blocked.FdInterests);
        Assert.Equal([new WasiDeadline(WasiClockId.Monotonic, (ulong)WasiFixture.StartTimeNs + 5_000_000)], blocked.Deadlines);
        Assert.Equal(5_000_000UL, wasi.Os.NanosecondsUntilDeadline());
        wasi.Os.Network.Deliver(1, "x"u8);
        Assert.True(wasi.Os.CanResume());
        Assert.Equal([1UL], Poll(wasi, new FdSub(1, fd), new ClockSub(2, WasiClockId.Monotonic, 5_000_000)).Events.Select(e => e.Userdata));
        Assert.Null(wasi.Os.BlockedCall);
    }

    [Fact]
    public void A_relative_timeout_counts_from_the_first_attempt_not_from_each_retry()
    {
        using var wasi = new WasiFixture();
        var sleep = new ClockSub(7, WasiClockId.Monotonic, 1_000);
        Assert.True(Poll(wasi, sleep).Result.WouldBlock);
        wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 600, 1);
        Assert.False(wasi.Os.CanResume());
        Assert.Equal(400UL, wasi.Os.NanosecondsUntilDeadline());
        Assert.True(Poll(wasi, sleep).Result.WouldBlock);   // a retry, still 400 ns short
        wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 1_000, 2);
        Assert.True(wasi.Os.CanResume());
        Assert.Equal([new Event(7, WasiErrno.Success, WasiEventType.Clock, 0, WasiEventRwFlags.None)], Poll(wasi, sleep).Events);
    }

    [Fact]
    public void A_new_call_after_one_completed_measures_from_its_own_start()
    {
        using var wasi = new WasiFixture();
        var sleep = new ClockSub(7, WasiClockId.Realtime, 1_000);
        Assert.True(Poll(wasi, sleep).Result.WouldBlock);
        wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 1_000, 1);
        Assert.Single(Poll(wasi, sleep).Events);
        Assert.True(Poll(wasi, sleep).Result.WouldBlock);   // same arguments, but a fresh call
        Assert.Equal((ulong)WasiFixture.StartTimeNs + 2_000, wasi.Os.BlockedCall!.Deadlines[0].AtNs);
    }

    [Theory]
    [InlineData(WasiClockId.Realtime)]
    [InlineData(WasiClockId.Monotonic)]
    public void Absolute_deadlines_fire_when_the_event_time_reaches_them(WasiClockId clock)
    {
        using var wasi = new WasiFixture();
        var until = new ClockSub(3, clock, (ulong)WasiFixture.StartTimeNs + 50, Absolute: true);
        Assert.True(Poll(wasi, until).Result.WouldBlock);
        wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 49, 1);
        Assert.True(Poll(wasi, until).Result.WouldBlock);
        wasi.Os.SetEventContext(WasiFixture.StartTimeNs + 50, 1);
        Assert.Single(Poll(wasi, until).Events);
    }

    [Fact]
    public void A_deadline_already_past_and_a_zero_timeout_fire_at_once()
    {
        using var wasi = new WasiFixture();
        var (result, events) = Poll(wasi,
            new ClockSub(1, WasiClockId.Realtime, 5, Absolute: true), new ClockSub(2, WasiClockId.Monotonic, 0), new ClockSub(3, WasiClockId.Monotonic, 10));
        Assert.Equal(WasiErrno.Success, result.Errno);
        Assert.Equal([1UL, 2UL], events.Select(e => e.Userdata));
    }

    [Fact]
    public void A_huge_relative_timeout_saturates_instead_of_wrapping()
    {
        using var wasi = new WasiFixture();
        Assert.True(Poll(wasi, new ClockSub(1, WasiClockId.Monotonic, ulong.MaxValue)).Result.WouldBlock);
        Assert.Equal(ulong.MaxValue, wasi.Os.BlockedCall!.Deadlines[0].AtNs);
    }

    [Fact]
    public void Passthrough_deadlines_follow_the_host_clock()
    {
        var host = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(100));
        using var wasi = new WasiFixture(new WasiConfiguration { Nondeterminism = Plover.Sandbox.Wasi.Time.WasiNondeterminism.Passthrough(host) });
        var sleep = new ClockSub(1, WasiClockId.Monotonic, 2_000_000);
        Assert.True(Poll(wasi, sleep).Result.WouldBlock);
        host.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1_000_000UL, wasi.Os.NanosecondsUntilDeadline());
        host.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(wasi.Os.CanResume());
        Assert.Single(Poll(wasi, sleep).Events);
    }

    [Fact]
    public void An_unknown_descriptor_fails_the_whole_call_with_ebadf()
    {
        using var wasi = new WasiFixture();
        var (result, _) = Poll(wasi, new ClockSub(1, WasiClockId.Monotonic, 0), new FdSub(2, 42));
        Assert.Equal(WasiErrno.Badf, result.Errno);
        Assert.Null(wasi.Os.BlockedCall);
    }

    [Fact]
    public void Subscribing_for_a_direction_the_descriptor_lacks_is_enotcapable()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Notcapable, Poll(wasi, new FdSub(1, 1)).Result.Errno);
        Assert.Equal(WasiErrno.Notcapable, Poll(wasi, new FdSub(1, WasiFixture.ListenerFd, Write: true)).Result.Errno);
    }

    [Fact]
    public void Bad_tags_clocks_and_flags_are_einval()
    {
        using var wasi = new WasiFixture();
        Place(wasi.Memory, new ClockSub(1, WasiClockId.Monotonic, 0));
        wasi.Memory.Place(SubscriptionsAt + 8, [3]);
        Assert.Equal(WasiErrno.Inval, wasi.Os.PollOneoff(wasi.Memory, SubscriptionsAt, EventsAt, 1, CountAt).Errno);
        Assert.Equal(WasiErrno.Inval, Poll(wasi, new ClockSub(1, WasiClockId.ProcessCputimeId, 0)).Result.Errno);
        Place(wasi.Memory, new ClockSub(1, WasiClockId.Monotonic, 0));
        wasi.Memory.PlaceU16(SubscriptionsAt + 40, 2);
        Assert.Equal(WasiErrno.Inval, wasi.Os.PollOneoff(wasi.Memory, SubscriptionsAt, EventsAt, 1, CountAt).Errno);
    }

    [Fact]
    public void Subscription_or_event_arrays_outside_memory_are_efault()
    {
        using var wasi = new WasiFixture();
        Place(wasi.Memory, new ClockSub(1, WasiClockId.Monotonic, 0));
        Assert.Equal(WasiErrno.Fault, wasi.Os.PollOneoff(wasi.Memory, SubscriptionsAt, (uint)wasi.Memory.Size - 16, 1, CountAt).Errno);
        Assert.Equal(WasiErrno.Fault, wasi.Os.PollOneoff(wasi.Memory, (uint)wasi.Memory.Size - 47, EventsAt, 1, CountAt).Errno);
        Assert.Equal(WasiErrno.Fault, wasi.Os.PollOneoff(wasi.Memory, SubscriptionsAt, EventsAt, 1, uint.MaxValue - 2).Errno);
        Assert.Empty(wasi.Memory.Writes);
    }
}
