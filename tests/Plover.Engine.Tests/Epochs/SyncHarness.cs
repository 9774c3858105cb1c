using Plover.Engine.Epochs;
using Plover.Engine.Tests.Fakes;
using Plover.Engine.Wire;

namespace Plover.Engine.Tests.Epochs;

/// <summary>
/// Three (or more) hosts of a fake guest wired by a fake network, running epoch syncs the way the
/// executor does: every host seals, the primary begins its round, backups send digests, and
/// messages are pumped until every round is over (the manual clock jumps when nothing moves).
/// </summary>
internal sealed class SyncHarness
{
    public static readonly SyncTimeouts Timeouts = new(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    public SyncHarness(uint primary, bool passthrough, params uint[] nodes) : this(primary, passthrough, pipelined: false, nodes)
    {
    }

    public SyncHarness(uint primary, bool passthrough, bool pipelined, params uint[] nodes)
    {
        Pipelined = pipelined;
        Network = new FakeSyncNetwork(nodes);
        foreach (uint node in nodes) Hosts[node] = new Host(node, passthrough);
        MakePrimary(primary, ballot: 0x100 | primary);
    }

    public bool Pipelined { get; }

    public FakeSyncNetwork Network { get; }

    public ManualTime Time { get; } = new();

    public SortedDictionary<uint, Host> Hosts { get; } = [];

    public uint Primary { get; private set; }

    public ulong Ballot { get; private set; }

    public PrimarySync PrimarySync { get; private set; } = null!;

    public ulong LogHash { get; set; } = 77;

    public void MakePrimary(uint node, ulong ballot)
    {
        Primary = node;
        Ballot = ballot;
        PrimarySync = new PrimarySync(node, ballot, Network.LinkOf(node), Hosts[node].State, Timeouts, Time, Pipelined);
    }

    /// <summary>Runs epoch <paramref name="epoch"/> on the given backups (default: all); returns the primary's round and the backups' rounds.</summary>
    public (PrimaryRound Primary, Dictionary<uint, BackupRound> Backups) RunEpoch(ulong epoch, bool takeover = false, IEnumerable<uint>? backups = null)
    {
        Host primary = Hosts[Primary];
        PrimaryRound round = PrimarySync.Begin(epoch, primary.State.Seal(), LogHash, takeover, primary.Synced);
        var backupRounds = new Dictionary<uint, BackupRound>();
        foreach (uint node in backups ?? Hosts.Keys.Where(n => n != Primary))
        {
            Host host = Hosts[node];
            var br = new BackupRound(Primary, Ballot, epoch, host.State.Seal(), LogHash, takeover, host.Synced, Network.LinkOf(node), host.State, Timeouts, Time);
            br.Start();
            backupRounds[node] = br;
        }
        Pump(round, backupRounds);
        foreach ((uint node, BackupRound br) in backupRounds) Hosts[node].Synced = br.SyncedAfter;
        if (round.BackupsSynced > 0) primary.Synced = new SyncPoint(epoch, round.Seal.Digest.Value);
        return (round, backupRounds);
    }

    public void Pump(PrimaryRound round, Dictionary<uint, BackupRound> backups)
    {
        for (int step = 0; step < 10_000; step++)
        {
            bool moved = DeliverAll(backups);
            round.Advance();
            foreach (BackupRound br in backups.Values) br.Advance();
            if (round.IsFinished && backups.Values.All(b => b.IsFinished) && !moved) return;
            if (!moved) Time.Advance(TimeSpan.FromMilliseconds(50));
        }
        throw new InvalidOperationException("the sync did not settle");
    }

    /// <summary>Delivers queued messages until none is left; true if any was delivered.</summary>
    public bool DeliverAll(Dictionary<uint, BackupRound> backups)
    {
        bool any = false;
        bool progress = true;
        while (progress)
        {
            progress = false;
            foreach (uint node in Hosts.Keys)
            {
                while (Network.TryReceive(node, out uint from, out Envelope message))
                {
                    progress = any = true;
                    if (node == Primary) PrimarySync.Handle(from, message);
                    else if (backups.TryGetValue(node, out BackupRound? br)) br.Handle(from, message);
                }
            }
        }
        return any;
    }

    internal sealed class Host
    {
        public Host(uint id, bool passthrough)
        {
            Sink = new RecordingSink();
            Machine = new FakeGuestMachine(Sink, passthrough, hostSeed: (int)id * 7919);
            State = new GuestStateTracker(Machine);
            Machine.RunUntilBlocked();
        }

        public RecordingSink Sink { get; }

        public FakeGuestMachine Machine { get; }

        public GuestStateTracker State { get; }

        public SyncPoint Synced { get; set; } = SyncPoint.Never;

        public ulong Digest => State.Last!.Digest.Value;

        /// <summary>Feeds one client line through the guest (as executing a log entry would).</summary>
        public void Execute(ulong connection, string line)
        {
            if (!Machine.LiveConnections.Contains(connection)) Machine.Connect(connection);
            Machine.Deliver(connection, System.Text.Encoding.ASCII.GetBytes(line + "\n"));
            Machine.RunUntilBlocked();
        }
    }
}
