using System.Buffers.Binary;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Descriptors;
using Plover.Sandbox.Wasi.HostFiles;
using Plover.Sandbox.Wasi.Memory;
using Plover.Sandbox.Wasi.Network;

namespace Plover.Sandbox.Wasi;

// poll_oneoff.
public sealed partial class WasiLibraryOs
{
    /// <summary>The most subscriptions one poll_oneoff may pass.</summary>
    public const uint PollSubscriptionsMax = 4096;

    /// <summary>Up to this many subscriptions are parsed on the stack; a poll over more uses the heap.</summary>
    private const int PollStackSubscriptionsMax = 128;

    private readonly record struct Subscription(ulong Userdata, WasiEventType Type, int Fd, WasiDeadline Deadline);

    /// <summary>
    /// Reports every subscription that is ready, in subscription order. With none ready it
    /// returns <see cref="WasiCallResult.Blocked"/>; a retry with the same arguments measures
    /// relative clock timeouts from the first attempt. Clock subscriptions fire when the
    /// library OS's clock (the event time, in deterministic mode) reaches their deadline.
    /// An unknown descriptor fails the whole call with EBADF, as in wasmtime.
    /// </summary>
    public WasiCallResult PollOneoff(IGuestMemory memory, uint subscriptions, uint events, uint count, uint eventCountOut)
    {
        if (count == 0 || count > PollSubscriptionsMax) return Complete(WasiErrno.Inval);
        try
        {
            memory.CheckRange(subscriptions, count, WasiLayout.SubscriptionSize);
            memory.CheckRange(events, count, WasiLayout.EventSize);
            memory.CheckRange(eventCountOut, 1, 4);
            Span<ulong> arguments = [subscriptions, events, count, eventCountOut];
            var start = CallStart("poll_oneoff", arguments);
            Span<Subscription> parsed = count <= PollStackSubscriptionsMax ? stackalloc Subscription[(int)count] : new Subscription[count];
            for (uint i = 0; i < count; i++)
            {
                WasiErrno valid = ParseSubscription(memory, subscriptions + i * WasiLayout.SubscriptionSize, start, out parsed[(int)i]);
                if (valid != WasiErrno.Success) return Complete(valid);
            }
            uint ready = WriteReadyEvents(memory, parsed, events);
            if (ready == 0) return Block("poll_oneoff", arguments.ToArray(), start, InterestsOf(parsed), DeadlinesOf(parsed));
            memory.WriteUInt32(eventCountOut, ready);
            return Complete(WasiErrno.Success);
        }
        catch (GuestMemoryFaultException)
        {
            return Complete(WasiErrno.Fault);
        }
    }

    private WasiErrno ParseSubscription(IGuestMemory memory, uint address, (ulong RealtimeNs, ulong MonotonicNs) start, out Subscription subscription)
    {
        subscription = default;
        ReadOnlySpan<byte> raw = memory.Read(address, WasiLayout.SubscriptionSize);
        ulong userdata = BinaryPrimitives.ReadUInt64LittleEndian(raw[(int)WasiLayout.SubscriptionUserdataOffset..]);
        byte tag = raw[(int)WasiLayout.SubscriptionTagOffset];
        if (tag > (byte)WasiEventType.FdWrite) return WasiErrno.Inval;
        var type = (WasiEventType)tag;
        if (type == WasiEventType.Clock)
        {
            uint clock = BinaryPrimitives.ReadUInt32LittleEndian(raw[(int)WasiLayout.SubscriptionClockIdOffset..]);
            ulong timeout = BinaryPrimitives.ReadUInt64LittleEndian(raw[(int)WasiLayout.SubscriptionClockTimeoutOffset..]);
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(raw[(int)WasiLayout.SubscriptionClockFlagsOffset..]);
            if (clock > (uint)WasiClockId.Monotonic || flags > (ushort)WasiSubclockFlags.All) return WasiErrno.Inval;
            var clockId = (WasiClockId)clock;
            bool absolute = (flags & (ushort)WasiSubclockFlags.SubscriptionClockAbstime) != 0;
            ulong origin = clockId == WasiClockId.Realtime ? start.RealtimeNs : start.MonotonicNs;
            ulong at = absolute ? timeout : (ulong.MaxValue - origin < timeout ? ulong.MaxValue : origin + timeout);
            subscription = new Subscription(userdata, type, -1, new WasiDeadline(clockId, at));
            return WasiErrno.Success;
        }
        int fd = BinaryPrimitives.ReadInt32LittleEndian(raw[(int)WasiLayout.SubscriptionFdOffset..]);
        WasiRights needed = WasiRights.PollFdReadwrite | (type == WasiEventType.FdRead ? WasiRights.FdRead : WasiRights.FdWrite);
        if (Lookup(fd, needed, out _) is var found and not WasiErrno.Success) return found;
        subscription = new Subscription(userdata, type, fd, default);
        return WasiErrno.Success;
    }

    private uint WriteReadyEvents(IGuestMemory memory, ReadOnlySpan<Subscription> subscriptions, uint events)
    {
        uint written = 0;
        foreach (Subscription subscription in subscriptions)
        {
            FdReadiness readiness = subscription.Type == WasiEventType.Clock
                ? (_time.NowNs(subscription.Deadline.Clock) >= subscription.Deadline.AtNs ? FdReadiness.With(0) : FdReadiness.NotReady)
                : ReadinessOf(subscription.Fd, subscription.Type == WasiEventType.FdWrite);
            if (!readiness.Ready) continue;
            Span<byte> evt = memory.Write(events + written * WasiLayout.EventSize, WasiLayout.EventSize);
            evt.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(evt[(int)WasiLayout.EventUserdataOffset..], subscription.Userdata);
            BinaryPrimitives.WriteUInt16LittleEndian(evt[(int)WasiLayout.EventErrorOffset..], (ushort)readiness.Error);
            evt[(int)WasiLayout.EventTypeOffset] = (byte)subscription.Type;
            BinaryPrimitives.WriteUInt64LittleEndian(evt[(int)WasiLayout.EventBytesOffset..], readiness.Bytes);
            BinaryPrimitives.WriteUInt16LittleEndian(evt[(int)WasiLayout.EventFlagsOffset..], (ushort)readiness.Flags);
            written++;
        }
        return written;
    }

    /// <summary>Whether a read (or write) on the descriptor would complete now, and what poll reports for it.</summary>
    private FdReadiness ReadinessOf(int fd, bool write)
    {
        if (!_descriptors.TryGet(fd, out Descriptor descriptor)) return FdReadiness.Failed(WasiErrno.Badf);
        return descriptor switch
        {
            ConnectionDescriptor connection => write ? WriteReadiness(connection.Connection) : ReadReadiness(connection.Connection),
            ListenerDescriptor listener => listener.Network.PendingConnectionCount > 0
                ? FdReadiness.With((ulong)listener.Network.PendingConnectionCount)
                : FdReadiness.NotReady,
            StdioDescriptor { Stream: null } when !write => FdReadiness.With(0, WasiEventRwFlags.FdReadwriteHangup),
            StdioDescriptor => FdReadiness.With(write ? 0UL : 1UL),
            FileDescriptor file when !write => FileReadReadiness(file),
            _ => FdReadiness.With(0),
        };
    }

    private static FdReadiness ReadReadiness(VirtualConnection connection)
    {
        WasiEventRwFlags hangup = connection.PeerClosed ? WasiEventRwFlags.FdReadwriteHangup : WasiEventRwFlags.None;
        if (connection.AtEndOfInput) return FdReadiness.With(0, hangup);
        return connection.Input.Count > 0 ? FdReadiness.With((ulong)connection.Input.Count, hangup) : FdReadiness.NotReady;
    }

    private static FdReadiness WriteReadiness(VirtualConnection connection) =>
        connection.WriteShutdown ? FdReadiness.Failed(WasiErrno.Pipe) : FdReadiness.With(IoBytesPerCallMax);

    // A regular file is always ready; nbytes is what is left to read from the current offset.
    private static FdReadiness FileReadReadiness(FileDescriptor file)
    {
        if (HostFileSystem.StatOpen(file.Handle.Value, out HostStat stat) is var statted and not WasiErrno.Success)
            return FdReadiness.Failed(statted);
        if (!file.IsSeekable) return FdReadiness.With(0);
        if (HostFileSystem.Seek(file.Handle.Value, 0, LinuxConstants.SeekCurrent, out ulong position) is var sought and not WasiErrno.Success)
            return FdReadiness.Failed(sought);
        return FdReadiness.With(stat.Size > position ? stat.Size - position : 0);
    }

    private static List<WasiFdInterest> InterestsOf(ReadOnlySpan<Subscription> subscriptions)
    {
        var interests = new List<WasiFdInterest>();
        foreach (Subscription s in subscriptions)
            if (s.Type != WasiEventType.Clock) interests.Add(new WasiFdInterest(s.Fd, s.Type == WasiEventType.FdWrite));
        return interests;
    }

    private static List<WasiDeadline> DeadlinesOf(ReadOnlySpan<Subscription> subscriptions)
    {
        var deadlines = new List<WasiDeadline>();
        foreach (Subscription s in subscriptions)
            if (s.Type == WasiEventType.Clock) deadlines.Add(s.Deadline);
        return deadlines;
    }
}
