namespace Plover.Engine.Transport;

/// <summary>
/// A count of bytes that may be held at once (an asynchronous semaphore measured in bytes): what
/// bounds the outbound and inbound queues. Waiters are served strictly first come, first served,
/// and a try-acquire never overtakes a waiter, so one large request cannot starve behind many
/// small ones.
/// </summary>
internal sealed class ByteBudget
{
    private readonly object gate = new();
    private readonly LinkedList<Waiter> waiters = new();
    private long available;
    private bool closed;

    public ByteBudget(long capacity)
    {
        if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a byte budget must be positive");
        Capacity = capacity;
        available = capacity;
    }

    public long Capacity { get; }

    public long Used
    {
        get { lock (gate) return Capacity - available; }
    }

    public int WaiterCount
    {
        get { lock (gate) return waiters.Count; }
    }

    public bool TryAcquire(long bytes)
    {
        CheckRequest(bytes);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(closed, this);
            if (waiters.Count > 0 || available < bytes) return false;
            available -= bytes;
            return true;
        }
    }

    public ValueTask AcquireAsync(long bytes, CancellationToken cancellation)
    {
        CheckRequest(bytes);
        Waiter waiter;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(closed, this);
            if (waiters.Count == 0 && available >= bytes)
            {
                available -= bytes;
                return ValueTask.CompletedTask;
            }
            cancellation.ThrowIfCancellationRequested();
            waiter = new Waiter(bytes);
            waiter.Node = waiters.AddLast(waiter);
            // Registered under the gate (a Monitor is re-entrant should the token fire at once) so
            // every thread that later completes the waiter sees its registration.
            waiter.Registration = cancellation.Register(() => Cancel(waiter, cancellation));
        }
        return new ValueTask(waiter.Completion.Task);
    }

    public void Release(long bytes)
    {
        if (bytes <= 0) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "released bytes must be positive");
        List<Waiter> granted;
        lock (gate)
        {
            available += bytes;
            if (available > Capacity)
                throw new InvalidOperationException($"byte budget over-released: {available} available of {Capacity}");
            granted = GrantWaitersLocked();
        }
        Complete(granted);
    }

    /// <summary>Fails every waiter and every later acquire with <see cref="ObjectDisposedException"/>.</summary>
    public void Close()
    {
        List<Waiter> failed;
        lock (gate)
        {
            if (closed) return;
            closed = true;
            failed = [.. waiters];
            waiters.Clear();
        }
        foreach (Waiter waiter in failed)
        {
            waiter.Registration.Unregister();
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(ByteBudget), "the queue was closed while waiting for room"));
        }
    }

    private void CheckRequest(long bytes)
    {
        if (bytes <= 0 || bytes > Capacity)
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"a request must be 1..{Capacity} bytes to ever be granted");
    }

    private void Cancel(Waiter waiter, CancellationToken cancellation)
    {
        List<Waiter> granted;
        lock (gate)
        {
            if (waiter.Node is null) return;
            waiters.Remove(waiter.Node);
            waiter.Node = null;
            // Removing a large waiter at the head may let the smaller ones behind it through.
            granted = GrantWaitersLocked();
        }
        waiter.Completion.TrySetCanceled(cancellation);
        Complete(granted);
    }

    private List<Waiter> GrantWaitersLocked()
    {
        var granted = new List<Waiter>();
        while (waiters.First is { } first && first.Value.Bytes <= available)
        {
            available -= first.Value.Bytes;
            waiters.RemoveFirst();
            first.Value.Node = null;
            granted.Add(first.Value);
        }
        return granted;
    }

    // Completed outside the lock: continuations run asynchronously anyway, but never under our gate.
    private static void Complete(List<Waiter> granted)
    {
        foreach (Waiter waiter in granted)
        {
            waiter.Registration.Unregister();
            waiter.Completion.TrySetResult();
        }
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;
        public LinkedListNode<Waiter>? Node { get; set; }
        public CancellationTokenRegistration Registration { get; set; }
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
