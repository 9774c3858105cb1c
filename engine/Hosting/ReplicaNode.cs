using System.Net;
using Microsoft.Extensions.Logging;
using Plover.Consensus;
using Plover.Consensus.Storage;
using Plover.Engine.Config;
using Plover.Engine.Epochs;
using Plover.Engine.Execution;
using Plover.Engine.FrontDoor;
using Plover.Engine.Guest;
using Plover.Engine.Security;
using Plover.Engine.Status;
using Plover.Engine.Transport;
using Plover.Engine.Wire;

namespace Plover.Engine.Hosting;

/// <summary>
/// One replica, put together: its store, the transport to its peers, the consensus loop, the
/// executor with the guest, the client front door and the status endpoint. <see cref="StartAsync"/>
/// fails with a precise exception when the node cannot start (store, certificates, ports, a guest
/// that does not start); once running, <see cref="Failed"/> completes if a fatal error stops it.
/// </summary>
public sealed partial class ReplicaNode : IAsyncDisposable
{
    private static readonly TimeSpan FatalPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly NodeConfig config;
    private readonly ILogger logger;
    private readonly List<IAsyncDisposable> owned = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly TaskCompletionSource<Exception> failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RocksDbLogStore? store;
    private PeerTransport? transport;
    private ConsensusHost? consensus;
    private ReplicaExecutor? executor;
    private ClientFrontDoor? frontDoor;
    private ProposalBatcher? batcher;
    private StatusServer? status;
    private NodeCredentials? credentials;
    private Task? dispatcher;
    private Task? watcher;
    private readonly ServingState serving = new();
    private readonly ExecutorInbox inbox = new();

    private ReplicaNode(NodeConfig config, ILogger logger)
    {
        this.config = config;
        this.logger = logger;
    }

    public NodeConfig Config => config;

    /// <summary>Where clients connect (the actual port when the config said 0).</summary>
    public IPEndPoint ServiceEndPoint => frontDoor!.ListenEndPoint;

    public IPEndPoint? StatusEndPoint => status?.EndPoint;

    public IPEndPoint? PeerEndPoint => transport?.ListenEndPoint;

    /// <summary>Completes with the error that stopped the node, if one does.</summary>
    public Task<Exception> Failed => failed.Task;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public static async Task<ReplicaNode> StartAsync(NodeConfig config, IGuestFactory guests, ILoggerFactory loggers, TimeProvider? time = null)
    {
        var node = new ReplicaNode(config, loggers.CreateLogger("plover.node"));
        try
        {
            await node.StartInternalAsync(guests, loggers, time ?? TimeProvider.System).ConfigureAwait(false);
            return node;
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartInternalAsync(IGuestFactory guests, ILoggerFactory loggers, TimeProvider time)
    {
        Directory.CreateDirectory(config.DataDirectory);
        store = RocksDbLogStore.Open(config.StorePath, new StoreIdentity(config.ClusterId, (int)config.NodeId));
        var engineStore = new EngineStore(store);
        LoadCheckpoint();
        var ids = new ConnectionIds(config.NodeId, engineStore.NextIncarnation());
        var options = new ExecutorOptions
        {
            Self = config.NodeId,
            Mode = config.Mode,
            Nondeterminism = config.Nondeterminism,
            Epoch = config.Epoch,
            Timeouts = ExecutorOptions.TimeoutsFrom(config.Epoch),
        };
        IEpochProposer proposer;
        ISyncLink link;
        IInputSink inputs;
        if (config.IsReplicated)
        {
            transport = StartTransport(loggers, time);
            batcher = new ProposalBatcher(config.Mode, time, options.EpochEndRetry);
            proposer = new WakingProposer(batcher, () => consensus?.Nudge());
            link = new TransportSyncLink(transport);
        }
        else
        {
            proposer = new NoProposer();
            link = new NoPeersLink();
        }
        executor = new ReplicaExecutor(options, guests, new DeferredRouter(() => frontDoor), inbox, link, proposer, engineStore, serving, time,
            loggers.CreateLogger("plover.executor"));
        if (config.IsReplicated)
        {
            consensus = new ConsensusHost(NewPaxosNode(store), store, transport!, batcher!, inbox, time, loggers.CreateLogger("plover.consensus"));
            engineStore.WriteThrough(consensus.WriteEngineKey);
            inbox.CommittedBacklogDrained += consensus.Nudge;
            inputs = config.Mode == ReplicationMode.Remus ? new DirectInputSink(inbox, serving) : new LogInputSink(batcher!, consensus.Nudge);
        }
        else
        {
            inputs = new DirectInputSink(inbox, serving);
        }
        frontDoor = new ClientFrontDoor(config.NodeId, config.Mode, ids, inputs, serving, () => consensus?.Leadership ?? Leadership.Unknown,
            transport, config.ServiceEndPoint, loggers.CreateLogger("plover.frontdoor"));
        owned.Add(frontDoor);
        if (consensus is not null) consensus.LeadershipChanged += _ => frontDoor.OnLeadershipChanged();
        StartCheckpoints(loggers);
        ResumeTransfer();
        executor.Start();
        if (config.Status.Listen is { } statusEndPoint)
            status = await StatusServer.StartAsync(statusEndPoint, config.Status.Token, Snapshot, loggers).ConfigureAwait(false);
        transport?.Start();
        if (transport is not null) dispatcher = Task.Run(DispatchAsync);
        consensus?.Start();
        frontDoor.Start();
        watcher = Task.Run(WatchForFatalAsync);
        HostLog.Started(logger, config.NodeId, config.ClusterId, ModeNames.Of(config.Mode), ModeNames.Of(config.Nondeterminism),
            frontDoor.ListenEndPoint.ToString(), status?.EndPoint.ToString() ?? "off");
    }

    private PeerTransport StartTransport(ILoggerFactory loggers, TimeProvider time)
    {
        credentials = new CertificateFolder(config.CertificateDirectory).ReadNode(new NodeIdentity(config.ClusterId, config.NodeId), time.GetUtcNow());
        PeerListener listener = PeerListener.Bind(config.Self.Peer);
        var options = new TransportOptions
        {
            Peers = config.Peers.ToDictionary(p => p.Id, p => (EndPoint)p.Peer),
            TimeProvider = time,
            JitterSeed = (int)config.NodeId,
        };
        return new PeerTransport(credentials, listener, options, loggers);
    }

    private PaxosNode NewPaxosNode(RocksDbLogStore logStore)
    {
        DurableState durable = logStore.Load();
        RequireLogAfterCheckpoint(durable);
        var paxos = new PaxosConfig
        {
            NodeId = (int)config.NodeId,
            Members = config.Members.Select(m => (int)m.Id).ToArray(),
            ElectionTicksMin = 30,
            ElectionTicksMax = 60,
            HeartbeatTicks = 3,
            Seed = (ulong)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue),
        };
        // The guest restarts from the stored checkpoint if there is one, else fresh: every committed entry after it is executed again.
        return new PaxosNode(paxos, durable, appliedSlot: AppliedSlotAtStart(durable));
    }

    /// <summary>Routes every frame from the peers: consensus to its loop, epoch sync to the executor, client traffic to the front door.</summary>
    private async Task DispatchAsync()
    {
        try
        {
            await foreach (InboundFrame frame in transport!.Inbox.ReadAllAsync(stopping.Token).ConfigureAwait(false))
            {
                Envelope message = frame.Message;
                switch (message.KindCase)
                {
                    case Envelope.KindOneofCase.Consensus: consensus!.Receive(frame.PeerId, message.Consensus.Payload.ToByteArray()); break;
                    case Envelope.KindOneofCase.ClientForward: frontDoor!.OnClientForward(frame.PeerId, message.ClientForward); break;
                    case Envelope.KindOneofCase.ClientReply: frontDoor!.OnClientReply(frame.PeerId, message.ClientReply); break;
                    case Envelope.KindOneofCase.StateTransferRequest or Envelope.KindOneofCase.StateTransferPart: OnStateTransfer(frame.PeerId, message); break;
                    default:
                        if (SyncMessages.IsSync(message)) inbox.Post(new SyncReceived(frame.PeerId, message));
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WatchForFatalAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Exception? fatal = executor?.Status.Fatal ?? consensus?.Fatal ?? checkpointWriter?.Fatal;
            if (fatal is not null)
            {
                failed.TrySetResult(fatal);
                return;
            }
            try
            {
                await Task.Delay(FatalPollInterval, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The node as /status and /metrics show it.</summary>
    public NodeSnapshot Snapshot()
    {
        Leadership leadership = consensus?.Leadership ?? Leadership.Unknown;
        ExecutorStatus exec = executor!.Status;
        Exception? fatal = exec.Fatal ?? consensus?.Fatal;
        return new NodeSnapshot
        {
            ClusterId = config.ClusterId,
            NodeId = config.NodeId,
            Mode = ModeNames.Of(config.Mode),
            Nondeterminism = ModeNames.Of(config.Nondeterminism),
            Health = HealthOf(leadership, exec, fatal),
            Role = config.IsReplicated ? (serving.IsServing ? "primary" : "backup") : "unreplicated",
            Leadership = leadership,
            ServingBallot = serving.Ballot,
            CommitSlot = consensus?.CommitSlot ?? 0,
            Executor = exec,
            ServiceEndpoint = frontDoor!.ListenEndPoint.ToString(),
            Peers = transport?.GetStatuses() ?? [],
            Traffic = transport?.Metrics.Peers() ?? [],
            ClientsOpen = frontDoor.ClientsOpen,
            ClientsAccepted = frontDoor.ClientsAccepted,
            ForwardedClientsOpen = frontDoor.RemoteClientsOpen,
            ClientBytesIn = frontDoor.BytesIn,
            ClientInputWaits = frontDoor.InputBudget.Waits,
            ClientsClosedStalled = frontDoor.InputBudget.StalledCloses,
            Fatal = fatal?.Message,
            Memory = MeasureMemory(),
            StartedAt = StartedAt,
            Checkpoints = CheckpointStatus(),
        };
    }

    private NodeMemory MeasureMemory() => NodeMemory.Measure() with
    {
        BatcherPendingBytes = batcher?.PendingBytes ?? 0,
        CommittedUnexecutedBytes = inbox.CommittedBytesWaiting,
        ClientUnexecutedBytes = frontDoor?.InputBudget.UnexecutedBytes ?? 0,
        LogSlotsInMemory = consensus is null ? 0 : consensus.CommitSlot + 1 - Math.Min(consensus.CommitSlot + 1, consensus.FirstSlot),
    };

    private string HealthOf(Leadership leadership, ExecutorStatus exec, Exception? fatal)
    {
        if (fatal is not null) return "failed";
        if (exec.GuestFault is not null) return "guest-stopped";
        if (serving.IsServing) return "serving";
        if (!config.IsReplicated) return "starting";
        if (leadership.IsLeader) return "taking-over";
        return leadership.LeaderId is null ? "electing" : "following";
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        if (status is not null) await status.DisposeAsync().ConfigureAwait(false);
        foreach (IAsyncDisposable item in owned) await item.DisposeAsync().ConfigureAwait(false);
        consensus?.Stop(TimeSpan.FromSeconds(5));
        executor?.Stop(TimeSpan.FromSeconds(5));
        if (transport is not null) await transport.DisposeAsync().ConfigureAwait(false);
        if (dispatcher is not null) await dispatcher.ConfigureAwait(false);
        if (watcher is not null) await watcher.ConfigureAwait(false);
        executor?.Dispose();
        checkpointWriter?.Dispose();
        store?.Dispose();
        credentials?.Dispose();
        stopping.Dispose();
    }

    /// <summary>The executor is built before the front door it releases outputs to (the front door needs the executor's inbox).</summary>
    private sealed class DeferredRouter(Func<ClientFrontDoor?> target) : IOutputRouter
    {
        public void Release(OutputEvent output) => target()?.Release(output);

        public void PauseReceiving(ulong connection) => target()?.PauseReceiving(connection);

        public void ResumeReceiving(ulong connection) => target()?.ResumeReceiving(connection);

        public void InputExecuted(ulong connection, int bytes) => target()?.InputExecuted(connection, bytes);
    }

    private sealed class NoProposer : IEpochProposer
    {
        public void RequestEpochEnd()
        {
        }

        public void EpochEndExecuted()
        {
        }

        public void RequestTimeAdvance()
        {
        }

        public void RetryTakeover(ulong ballot)
        {
        }
    }
}
