using Microsoft.Extensions.Logging;

namespace Plover.Engine.Checkpoints;

/// <summary>
/// Writes checkpoints on its own thread, one at a time, so neither the executor (which only copies
/// the changed pages out at the boundary) nor the consensus loop waits for a large synced write.
/// Once a checkpoint is durable it reports the slot the log may be truncated through. A storage
/// error is fatal: <see cref="Fatal"/> is set and nothing more is written.
/// </summary>
public sealed class CheckpointWriter : IDisposable
{
    private readonly CheckpointStore store;
    private readonly LogTruncation truncation;
    private readonly Action<ulong> compactThrough;
    private readonly ILogger logger;
    private readonly object gate = new();
    private CheckpointCapture? queued;
    private bool writing;
    private bool stopping;
    private long pinnedUntilMs;
    private readonly Thread thread;

    public CheckpointWriter(CheckpointStore store, LogTruncation truncation, Action<ulong> compactThrough, ILogger logger)
    {
        this.store = store;
        this.truncation = truncation;
        this.compactThrough = compactThrough;
        this.logger = logger;
        thread = new Thread(Run) { Name = "plover-checkpoints", IsBackground = true };
        thread.Start();
    }

    /// <summary>The storage error that stopped the writer, if one did.</summary>
    public Exception? Fatal { get; private set; }

    /// <summary>The newest checkpoint on stable storage (null before the first this run).</summary>
    public CheckpointMetadata? Durable { get; private set; }

    public long CheckpointsWritten { get; private set; }

    public long PageBytesWritten { get; private set; }

    /// <summary>Hands a checkpoint over; false when the previous one is still being written (the caller tries again at a later boundary).</summary>
    public bool TryQueue(CheckpointCapture capture)
    {
        lock (gate)
        {
            if (Fatal is not null) throw new CheckpointWriteException(Fatal);
            if (writing || queued is not null || stopping || Environment.TickCount64 < pinnedUntilMs) return false;
            queued = capture;
            Monitor.Pulse(gate);
            return true;
        }
    }

    /// <summary>
    /// Holds the durable checkpoint in place for <paramref name="hold"/> (no newer one is written
    /// meanwhile, so a state transfer can read a consistent image) and returns it; null when there is
    /// none yet or a write is under way (the lagging node asks again).
    /// </summary>
    public CheckpointMetadata? TryPin(TimeSpan hold)
    {
        lock (gate)
        {
            if (writing || queued is not null || Durable is null || Fatal is not null) return null;
            pinnedUntilMs = Math.Max(pinnedUntilMs, Environment.TickCount64 + (long)hold.TotalMilliseconds);
            return Durable;
        }
    }

    /// <summary>Whether checkpoint <paramref name="id"/> is durable and pinned now.</summary>
    public bool IsPinned(ulong id)
    {
        lock (gate) return Durable?.Id == id && !writing && Environment.TickCount64 < pinnedUntilMs;
    }

    /// <summary>No transfer reads the image any more: checkpoints go on.</summary>
    public void Unpin()
    {
        lock (gate) pinnedUntilMs = 0;
    }

    /// <summary>Waits until nothing is queued or being written (tests, orderly stop).</summary>
    public bool WaitIdle(TimeSpan timeout)
    {
        DateTime until = DateTime.UtcNow + timeout;
        lock (gate)
        {
            while (writing || queued is not null)
            {
                TimeSpan left = until - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || Fatal is not null) return false;
                Monitor.Wait(gate, left);
            }
            return true;
        }
    }

    private void Run()
    {
        while (true)
        {
            CheckpointCapture capture;
            lock (gate)
            {
                while (queued is null && !stopping) Monitor.Wait(gate);
                if (queued is null) return;
                capture = queued;
                queued = null;
                writing = true;
            }
            try
            {
                long started = Environment.TickCount64;
                store.Write(capture);
                Durable = capture.Metadata;
                CheckpointsWritten++;
                PageBytesWritten += capture.PageBytes;
                CheckpointLog.Written(logger, capture.Metadata.Id, capture.Metadata.Slot, capture.Metadata.Epoch, capture.ChangedPages.Count,
                    Environment.TickCount64 - started);
                ulong through = truncation.CheckpointDurable(capture.Metadata.Slot);
                if (through > 0) compactThrough(through);
            }
            catch (Exception e)
            {
                Fatal = e;
                CheckpointLog.WriteFailed(logger, capture.Metadata.Id, e);
            }
            lock (gate)
            {
                writing = false;
                Monitor.PulseAll(gate);
                if (Fatal is not null) return;
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            stopping = true;
            Monitor.PulseAll(gate);
        }
        thread.Join(TimeSpan.FromSeconds(30));
    }
}

/// <summary>A checkpoint could not be written: the store failed, and the node stops.</summary>
public sealed class CheckpointWriteException(Exception inner) : Exception($"writing a checkpoint failed: {inner.Message}", inner);
