using Plover.Engine.Epochs;
using Plover.Engine.Wire;

namespace Plover.Engine.Tests.Fakes;

/// <summary>
/// An in-memory network for the sync's unit tests: each node's messages queue for their recipient,
/// in order; links can be cut (messages dropped, the link reported down) and messages of a kind can
/// be dropped on purpose.
/// </summary>
internal sealed class FakeSyncNetwork
{
    private readonly Dictionary<uint, Queue<(uint From, Envelope Message)>> inboxes = [];
    private readonly HashSet<(uint, uint)> cut = [];

    public FakeSyncNetwork(params uint[] nodes)
    {
        foreach (uint node in nodes) inboxes[node] = new Queue<(uint, Envelope)>();
    }

    public Func<uint, uint, Envelope, bool> Drop { get; set; } = (_, _, _) => false;

    public List<(uint From, uint To, Envelope Message)> Sent { get; } = [];

    public ISyncLink LinkOf(uint node) => new Link(this, node);

    public void Cut(uint a, uint b)
    {
        cut.Add((a, b));
        cut.Add((b, a));
    }

    public void Heal() => cut.Clear();

    public bool TryReceive(uint node, out uint from, out Envelope message)
    {
        if (inboxes[node].TryDequeue(out (uint From, Envelope Message) item))
        {
            (from, message) = item;
            return true;
        }
        (from, message) = (0, null!);
        return false;
    }

    public int Count(Envelope.KindOneofCase kind) => Sent.Count(s => s.Message.KindCase == kind);

    private sealed class Link(FakeSyncNetwork network, uint self) : ISyncLink
    {
        public IReadOnlyList<uint> Peers => network.inboxes.Keys.Where(n => n != self).Order().ToArray();

        public bool Send(uint peer, Envelope message)
        {
            network.Sent.Add((self, peer, message));
            if (network.cut.Contains((self, peer)) || network.Drop(self, peer, message)) return true;
            network.inboxes[peer].Enqueue((self, message.Clone()));
            return true;
        }

        public bool IsConnected(uint peer) => !network.cut.Contains((self, peer));
    }
}
