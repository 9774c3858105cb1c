using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Plover.Engine.Config;
using Plover.Engine.Execution;
using Plover.Engine.Log;
using Plover.Engine.Transport;
using Plover.Engine.Wire;

namespace Plover.Engine.FrontDoor;

/// <summary>
/// Every node's client front door. It accepts clients on the service port and binds each to where
/// its inputs go: this node's log when it is the serving primary, else the leader it forwards to
/// (replies come back the same way). A leadership change closes every session bound to the old
/// primary, since bytes in flight may have been lost with it; clients reconnect, to any node.
/// Also the executor's output router: released outputs reach local sockets or go back to the
/// node that holds the client.
/// </summary>
public sealed partial class ClientFrontDoor : IOutputRouter, IAsyncDisposable
{
    /// <summary>A client not bound within this long (no primary serves) is closed.</summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromSeconds(10);

    /// <summary>After a client's end of input, how long the session waits for the guest to close it.</summary>
    public static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(50);

    private readonly uint self;
    private readonly ReplicationMode mode;
    private readonly ConnectionIds ids;
    private readonly IInputSink inputs;
    private readonly ServingState serving;
    private readonly Func<Leadership> leadership;
    private readonly PeerTransport? transport;
    private readonly ILogger logger;
    private readonly Socket listener;
    private readonly ConcurrentDictionary<ulong, ClientSession> sessions = new();
    private readonly ConcurrentDictionary<ulong, RemoteClient> remotes = new();
    private readonly ConcurrentDictionary<uint, ReplyPump> replies = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> loops = [];
    private readonly object bindGate = new();
    private readonly ClientInputBudget budget = new(TimeProvider.System);

    public ClientFrontDoor(uint self, ReplicationMode mode, ConnectionIds ids, IInputSink inputs, ServingState serving, Func<Leadership> leadership,
        PeerTransport? transport, IPEndPoint endpoint, ILogger logger)
    {
        this.self = self;
        this.mode = mode;
        this.ids = ids;
        this.inputs = inputs;
        this.serving = serving;
        this.leadership = leadership;
        this.transport = transport;
        this.logger = logger;
        listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endpoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        ListenEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        if (transport is not null)
            foreach (uint peer in transport.PeerIds) replies[peer] = new ReplyPump(peer, transport, stopping.Token);
    }

    public IPEndPoint ListenEndPoint { get; }

    public long ClientsAccepted => Interlocked.Read(ref clientsAccepted);

    public int ClientsOpen => sessions.Count;

    public int RemoteClientsOpen => remotes.Count;

    public long BytesIn => Interlocked.Read(ref bytesIn);

    /// <summary>Client input read on this node and not yet executed, per connection and in total.</summary>
    public ClientInputBudget InputBudget => budget;

    private long clientsAccepted;
    private long bytesIn;

    public void Start()
    {
        serving.Changed += _ => Rebind();
        loops.Add(Task.Run(AcceptLoopAsync));
        loops.Add(Task.Run(WatchLoopAsync));
        foreach (ReplyPump pump in replies.Values) loops.Add(pump.Start());
    }

    /// <summary>Leadership changed (from the consensus loop): close what is bound to the old primary, bind what waits.</summary>
    public void OnLeadershipChanged() => Rebind();

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                FrontDoorLog.AcceptFailed(logger, e.SocketErrorCode.ToString());
                await Task.Delay(50).ConfigureAwait(false);
                continue;
            }
            var session = new ClientSession(ids.Next(), socket);
            Interlocked.Increment(ref clientsAccepted);
            sessions[session.Id] = session;
            TryBind(session);
            _ = Task.Run(() => RunSessionAsync(session));
        }
    }

    private async Task RunSessionAsync(ClientSession session)
    {
        Task writer = session.WriteLoopAsync();
        try
        {
            SessionBinding binding = await session.WhenBound.WaitAsync(PendingTimeout, session.Closing).ConfigureAwait(false);
            if (binding is SessionBinding.Pending) return;
            budget.Open(session.Id);
            await PumpInputAsync(session, binding).ConfigureAwait(false);
            await writer.WaitAsync(LingerTimeout, session.Closing).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        catch (ClientInputStalledException e)
        {
            FrontDoorLog.InputStalled(logger, session.Id, session.Remote, e.Message);
        }
        finally
        {
            budget.Closed(session.Id);
            session.Close();
            SendClose(session);
            sessions.TryRemove(session.Id, out _);
        }
    }

    /// <summary>
    /// Reads the client until its end of input (or an error) and passes every chunk on. It reads
    /// only while the input budget has room for the connection and the node: otherwise the bytes
    /// stay in the kernel and TCP holds the client back.
    /// </summary>
    private async Task PumpInputAsync(ClientSession session, SessionBinding binding)
    {
        byte[] buffer = new byte[ClientSession.ReadBytesMax];
        while (!session.IsClosed)
        {
            await budget.WaitForRoomAsync(session.Id, session.Closing).ConfigureAwait(false);
            ReadOnlyMemory<byte> chunk = await session.ReadAsync(buffer).ConfigureAwait(false);
            if (chunk.IsEmpty)
            {
                SendClose(session);
                return;
            }
            Interlocked.Add(ref bytesIn, chunk.Length);
            budget.Charge(session.Id, chunk.Length);
            if (!await SendDataAsync(session, binding, chunk.ToArray()).ConfigureAwait(false))
            {
                session.Close();
                return;
            }
        }
    }

    private async ValueTask<bool> SendDataAsync(ClientSession session, SessionBinding binding, byte[] data)
    {
        switch (binding)
        {
            case SessionBinding.Local local:
                while (!inputs.TryAdd(local.Ballot, new DataEntry(session.Id, data)))
                {
                    if (serving.Ballot != local.Ballot || session.IsClosed) return false;
                    await inputs.WaitForRoomAsync(session.Closing).ConfigureAwait(false);
                }
                return true;
            case SessionBinding.Forwarded forwarded:
                var message = new Envelope { ClientForward = new ClientForward { ConnectionId = session.Id, Data = UnsafeByteOperations.UnsafeWrap(data) } };
                await transport!.SendAsync(forwarded.Leader, message, session.Closing).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Tells whoever holds the session's log that the client is gone (once; later calls do nothing).</summary>
    private void SendClose(ClientSession session)
    {
        if (!session.MarkCloseSent()) return;
        SendClose(session.Binding, session.Id);
    }

    private void SendClose(SessionBinding binding, ulong id)
    {
        switch (binding)
        {
            case SessionBinding.Local local: inputs.TryAdd(local.Ballot, new CloseEntry(id)); break;
            case SessionBinding.Forwarded forwarded:
                transport!.TrySend(forwarded.Leader, new Envelope { ClientForward = new ClientForward { ConnectionId = id, Closed = new ClientClosed() } });
                break;
        }
    }

    /// <summary>
    /// Binds a pending session to where its inputs should go now, if anywhere. The connect is
    /// announced before the binding is published: the session's reader starts on the binding, and
    /// a client that wrote while it waited has bytes ready at once, which must not reach the log
    /// (or the primary) ahead of its connect.
    /// </summary>
    private void TryBind(ClientSession session)
    {
        lock (bindGate)
        {
            if (session.IsClosed || session.Binding is not SessionBinding.Pending) return;
            SessionBinding? target = Target();
            if (target is null) return;
            if (!AnnounceConnect(target, session.Id))
            {
                session.Close();
                return;
            }
            if (!session.Bind(target))
            {
                // Closed meanwhile, while still unbound: nobody else tells the target of its end.
                SendClose(target, session.Id);
                return;
            }
            FrontDoorLog.SessionBound(logger, session.Id, session.Remote, target.ToString());
        }
    }

    private bool AnnounceConnect(SessionBinding target, ulong id) => target switch
    {
        SessionBinding.Local local => inputs.TryAdd(local.Ballot, new ConnectEntry(id)),
        SessionBinding.Forwarded forwarded => transport!.TrySend(forwarded.Leader,
            new Envelope { ClientForward = new ClientForward { ConnectionId = id, Opened = new ClientOpened() } }),
        _ => false,
    };

    /// <summary>Where a client connecting now should be bound, or null to wait.</summary>
    private SessionBinding? Target()
    {
        ulong ballot = serving.Ballot;
        if (mode == ReplicationMode.None) return ballot == 0 ? null : new SessionBinding.Local(ballot);
        Leadership now = leadership();
        if (ballot != 0 && now.IsLeader && now.Ballot == ballot) return new SessionBinding.Local(ballot);
        if (now.LeaderId is { } leader && leader != self && transport is not null && transport.GetStatus(leader).State == PeerConnectionState.Connected)
            return new SessionBinding.Forwarded(leader, now.Ballot, transport.GetStatus(leader).ConnectionsOpened);
        return null;
    }

    /// <summary>Whether a bound session's binding still holds: its primary still serves, its link never dropped.</summary>
    private bool StillValid(SessionBinding binding)
    {
        switch (binding)
        {
            case SessionBinding.Local local:
                return serving.Ballot == local.Ballot && (mode == ReplicationMode.None || leadership() is { IsLeader: true } l && l.Ballot == local.Ballot);
            case SessionBinding.Forwarded forwarded:
                Leadership now = leadership();
                PeerStatus link = transport!.GetStatus(forwarded.Leader);
                return now.LeaderId == forwarded.Leader && now.Ballot == forwarded.Ballot
                    && link.State == PeerConnectionState.Connected && link.ConnectionsOpened == forwarded.LinkGeneration;
            default:
                return true;
        }
    }

    private void Rebind()
    {
        foreach (ClientSession session in sessions.Values)
        {
            if (session.Binding is SessionBinding.Pending) TryBind(session);
            else if (!StillValid(session.Binding))
            {
                FrontDoorLog.SessionDropped(logger, session.Id, session.Remote, session.Binding.ToString());
                session.Close();
            }
        }
        DropStaleRemotes();
    }

    private async Task WatchLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(WatchInterval, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Rebind();
            budget.DropLingering();
        }
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Dispose();
        foreach (ClientSession session in sessions.Values) session.Close();
        foreach (ReplyPump pump in replies.Values) pump.Complete();
        try
        {
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
        }
        stopping.Dispose();
    }
}
