using System.Collections.Concurrent;

namespace Plover.Bench.Consensus;

/// <summary>
/// A zero-latency network between in-process replicas: each has an inbox of encoded messages and a
/// signal that wakes its host thread when something arrives.
/// </summary>
internal sealed class InMemoryNetwork
{
    private readonly Dictionary<int, Inbox> _inboxes;

    public InMemoryNetwork(IEnumerable<int> members) => _inboxes = members.ToDictionary(m => m, _ => new Inbox());

    public Inbox InboxOf(int node) => _inboxes[node];

    public void Send(int to, byte[] bytes)
    {
        Inbox inbox = _inboxes[to];
        inbox.Messages.Enqueue(bytes);
        inbox.Wake();
    }

    internal sealed class Inbox
    {
        private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
        private int _signalled;

        public ConcurrentQueue<byte[]> Messages { get; } = new();

        /// <summary>Wakes the owner; repeated wakes before it looks coalesce into one.</summary>
        public void Wake()
        {
            if (Interlocked.Exchange(ref _signalled, 1) == 0) _signal.Release();
        }

        /// <summary>Waits until woken or until <paramref name="timeout"/> passes.</summary>
        public void Wait(TimeSpan timeout)
        {
            _signal.Wait(timeout);
            Interlocked.Exchange(ref _signalled, 0);
        }
    }
}
