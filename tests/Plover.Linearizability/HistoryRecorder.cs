using System.Diagnostics;

namespace Plover.Linearizability;

/// <summary>
/// Records a history as clients run it: <see cref="Begin"/> just before a request is sent,
/// <see cref="End"/> just after its reply is read. Operations never ended (the client timed out,
/// the connection dropped) come out indeterminate. Thread-safe; every time comes from one clock
/// (by default <see cref="Stopwatch.GetTimestamp"/>, which is monotonic across threads).
/// </summary>
public sealed class HistoryRecorder(Func<long> clock)
{
    private readonly object _gate = new();
    private readonly List<Entry> _entries = [];

    public HistoryRecorder() : this(Stopwatch.GetTimestamp) { }

    public int Count { get { lock (_gate) return _entries.Count; } }

    public PendingOperation Begin(int clientId, KvCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        lock (_gate)
        {
            _entries.Add(new Entry(clientId, clock(), command));
            return new PendingOperation(this, _entries.Count - 1);
        }
    }

    public void End(PendingOperation pending, KvResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (pending.Recorder != this) throw new ArgumentException("the operation was begun on another recorder", nameof(pending));
        lock (_gate)
        {
            Entry entry = _entries[pending.Index];
            if (entry.Result is not null) throw new InvalidOperationException($"operation #{pending.Index} ({entry.Command}) has already ended");
            entry.Return = clock();
            entry.Result = result;
        }
    }

    /// <summary>The history so far, in the order operations began.</summary>
    public IReadOnlyList<KvOperation> History()
    {
        lock (_gate)
            return _entries.Select(e => new KvOperation(e.ClientId, e.Call, e.Return, e.Command, e.Result)).ToArray();
    }

    private sealed class Entry(int clientId, long call, KvCommand command)
    {
        public int ClientId { get; } = clientId;
        public long Call { get; } = call;
        public KvCommand Command { get; } = command;
        public long? Return { get; set; }
        public KvResult? Result { get; set; }
    }
}

/// <summary>An operation begun on a <see cref="HistoryRecorder"/> and not yet ended.</summary>
public sealed class PendingOperation
{
    internal PendingOperation(HistoryRecorder recorder, int index)
    {
        Recorder = recorder;
        Index = index;
    }

    internal HistoryRecorder Recorder { get; }

    /// <summary>The operation's index in the recorded history.</summary>
    public int Index { get; }
}
