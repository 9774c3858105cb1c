namespace Plover.Engine.FrontDoor;

/// <summary>
/// Bytes this node read from its client sockets that the guest has not yet been given: queued in
/// the batcher, proposed, committed and waiting for the executor, or forwarded to the primary and
/// waiting there. Bounded per connection (<see cref="ConnectionBytesMax"/>) and for the node
/// (<see cref="NodeBytesMax"/>): a session reads its socket only while both have room, so TCP holds
/// the client back. Bytes count as executed when this node's executor delivers them to its guest
/// (every host executes the log in vsmr and smr; in Remus the primary says so for forwarded
/// clients). Nothing is dropped: a session that waits keeps its bytes in the kernel.
/// </summary>
public sealed class ClientInputBudget
{
    /// <summary>Unexecuted input of one connection past which its socket is not read (one read more may be in flight).</summary>
    public const long ConnectionBytesMax = 1L << 20;

    /// <summary>Unexecuted input of every connection of this node past which no socket is read (each reading session may add one read).</summary>
    public const long NodeBytesMax = 16L << 20;

    /// <summary>A connection at its limit whose bytes make no progress for this long is closed (its input is stuck; see the README).</summary>
    public static readonly TimeSpan StalledTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A closed connection's bytes still count until they execute, or for this long at most (bytes of a primary that is gone never will).</summary>
    public static readonly TimeSpan ClosedLinger = TimeSpan.FromSeconds(10);

    /// <summary>A waiting session looks again this often even without a wake-up (the node's budget may have room for another's turn).</summary>
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly object gate = new();
    private readonly Dictionary<ulong, Account> accounts = [];
    private readonly TimeProvider time;
    private TaskCompletionSource nodeRoom = NewSignal();
    private long unexecutedBytes;
    private long waits;
    private long stalledCloses;

    public ClientInputBudget(TimeProvider time)
    {
        this.time = time;
    }

    /// <summary>Bytes read from clients and not yet executed, over every connection of this node.</summary>
    public long UnexecutedBytes
    {
        get { lock (gate) return unexecutedBytes; }
    }

    /// <summary>Times a session found no room and stopped reading its socket.</summary>
    public long Waits => Interlocked.Read(ref waits);

    /// <summary>Connections closed because their input was stuck at the limit for <see cref="StalledTimeout"/>.</summary>
    public long StalledCloses => Interlocked.Read(ref stalledCloses);

    /// <summary>Bytes of <paramref name="connection"/> read and not yet executed (0 when unknown).</summary>
    public long UnexecutedOf(ulong connection)
    {
        lock (gate) return accounts.TryGetValue(connection, out Account? account) ? account.Unexecuted : 0;
    }

    /// <summary>A session starts reading.</summary>
    public void Open(ulong connection)
    {
        lock (gate) accounts.TryAdd(connection, new Account(time.GetTimestamp()));
    }

    /// <summary>Bytes read from the connection's socket, about to be passed on (before, so their execution cannot come first).</summary>
    public void Charge(ulong connection, int bytes)
    {
        lock (gate)
        {
            Account account = accounts.GetValueOrDefault(connection) ?? throw new InvalidOperationException($"connection {connection:x} charged {bytes} bytes without an open account");
            bool belowLimit = account.Unexecuted < ConnectionBytesMax;
            account.Unexecuted += bytes;
            unexecutedBytes += bytes;
            if (belowLimit && account.Unexecuted >= ConnectionBytesMax) account.LastProgressAt = time.GetTimestamp();
        }
    }

    /// <summary>This node's executor delivered <paramref name="bytes"/> of the connection to its guest (any thread).</summary>
    public void Executed(ulong connection, int bytes)
    {
        TaskCompletionSource? connectionRoom = null;
        TaskCompletionSource? nodeRoomNow = null;
        lock (gate)
        {
            if (!accounts.TryGetValue(connection, out Account? account)) return; // not read here, or forgotten after its linger
            Invariant.Require(bytes <= account.Unexecuted,
                $"connection {connection:x}: {bytes} bytes executed, but only {account.Unexecuted} were read and not yet executed");
            bool nodeWasFull = unexecutedBytes >= NodeBytesMax;
            account.Unexecuted -= bytes;
            unexecutedBytes -= bytes;
            account.LastProgressAt = time.GetTimestamp();
            if (account.Unexecuted < ConnectionBytesMax) connectionRoom = account.TakeRoom();
            if (account.Closed && account.Unexecuted == 0) accounts.Remove(connection);
            if (nodeWasFull && unexecutedBytes < NodeBytesMax) nodeRoomNow = Interlocked.Exchange(ref nodeRoom, NewSignal());
        }
        connectionRoom?.TrySetResult();
        nodeRoomNow?.TrySetResult();
    }

    /// <summary>The session ended: its bytes in flight still count until they execute or <see cref="ClosedLinger"/> passes.</summary>
    public void Closed(ulong connection)
    {
        TaskCompletionSource? room = null;
        lock (gate)
        {
            if (!accounts.TryGetValue(connection, out Account? account)) return;
            account.Closed = true;
            account.ClosedAt = time.GetTimestamp();
            room = account.TakeRoom();
            if (account.Unexecuted == 0) accounts.Remove(connection);
        }
        room.TrySetResult();
    }

    /// <summary>Forgets closed connections whose bytes did not execute within <see cref="ClosedLinger"/> (called periodically).</summary>
    public void DropLingering()
    {
        TaskCompletionSource? nodeRoomNow = null;
        lock (gate)
        {
            if (accounts.Count == 0) return;
            bool nodeWasFull = unexecutedBytes >= NodeBytesMax;
            List<ulong>? expired = null;
            foreach ((ulong id, Account account) in accounts)
                if (account.Closed && time.GetElapsedTime(account.ClosedAt) > ClosedLinger) (expired ??= []).Add(id);
            if (expired is null) return;
            foreach (ulong id in expired)
            {
                unexecutedBytes -= accounts[id].Unexecuted;
                accounts.Remove(id);
            }
            if (nodeWasFull && unexecutedBytes < NodeBytesMax) nodeRoomNow = Interlocked.Exchange(ref nodeRoom, NewSignal());
        }
        nodeRoomNow?.TrySetResult();
    }

    /// <summary>
    /// Completes when the connection may read again: its own and the node's unexecuted bytes are
    /// below their limits. Throws <see cref="ClientInputStalledException"/> when the connection has
    /// been at its limit without progress for <see cref="StalledTimeout"/>.
    /// </summary>
    public async ValueTask WaitForRoomAsync(ulong connection, CancellationToken cancellation)
    {
        bool counted = false;
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (!accounts.TryGetValue(connection, out Account? account) || account.Closed) return;
                if (account.Unexecuted < ConnectionBytesMax)
                {
                    if (unexecutedBytes < NodeBytesMax) return;
                    signal = nodeRoom.Task;
                }
                else
                {
                    TimeSpan stuck = time.GetElapsedTime(account.LastProgressAt);
                    if (stuck > StalledTimeout)
                    {
                        Interlocked.Increment(ref stalledCloses);
                        throw new ClientInputStalledException(connection, account.Unexecuted, stuck);
                    }
                    signal = account.Room.Task;
                }
            }
            if (!counted)
            {
                Interlocked.Increment(ref waits);
                counted = true;
            }
            try
            {
                await signal.WaitAsync(RecheckInterval, time, cancellation).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Account(long openedAt)
    {
        public long Unexecuted { get; set; }

        /// <summary>When its bytes last executed (or it reached its limit): the stall clock.</summary>
        public long LastProgressAt { get; set; } = openedAt;

        public bool Closed { get; set; }

        public long ClosedAt { get; set; }

        public TaskCompletionSource Room { get; private set; } = NewSignal();

        /// <summary>The signal its waiters hold, replaced by a fresh one for the next wait.</summary>
        public TaskCompletionSource TakeRoom()
        {
            TaskCompletionSource room = Room;
            Room = NewSignal();
            return room;
        }
    }
}
