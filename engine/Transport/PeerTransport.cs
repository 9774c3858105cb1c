using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Plover.Engine.Security;
using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>
/// A node's links with its peers: one long-lived, mutually authenticated TLS 1.3 connection per
/// pair of nodes (the lower id dials, reconnecting with backoff forever), length-prefixed protobuf
/// envelopes each way, per-peer outbound queues bounded in bytes, and one inbox of received frames
/// for the engine. Delivery is in order per peer and at most once: frames in flight when a
/// connection dies are lost, frames still queued go out on the next connection.
/// </summary>
public sealed class PeerTransport : IAsyncDisposable
{
    private readonly NodeCredentials credentials;
    private readonly PeerListener listener;
    private readonly TransportOptions options;
    private readonly ILogger logger;
    private readonly IReadOnlyDictionary<uint, PeerLink> links;
    private readonly TransportInbox inbox;
    private readonly PeerConnector connector;
    private readonly BackgroundTasks tasks;
    private readonly CancellationTokenSource stopping = new();
    private int started;
    private int disposed;
    private int pendingHandshakes;

    /// <summary>
    /// Builds a transport (nothing runs until <see cref="Start"/>). It owns <paramref name="listener"/>
    /// from now on; <paramref name="credentials"/> stay the caller's and must outlive it.
    /// </summary>
    /// <exception cref="CertificateException">Our own certificate is not valid now.</exception>
    /// <exception cref="ArgumentException">An option cannot work.</exception>
    public PeerTransport(NodeCredentials credentials, PeerListener listener, TransportOptions options, ILoggerFactory? loggerFactory = null)
    {
        options.Validate(credentials.Identity);
        credentials.Verify(options.TimeProvider.GetUtcNow()).ThrowIfInvalid();
        this.credentials = credentials;
        this.listener = listener;
        this.options = options;
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PeerTransport>();
        tasks = new BackgroundTasks(logger);
        Metrics = new TransportMetrics(options.Peers.Keys);
        links = options.Peers.ToDictionary(peer => peer.Key, peer => new PeerLink(
            peer.Key, peer.Value, PeerConnector.Dials(Identity.NodeId, peer.Key), new PeerOutbox(options.OutboundQueueBytesMax),
            Metrics.For(peer.Key), options.TimeProvider, logger, stopping.Token));
        inbox = new TransportInbox(options.Peers.Keys, options.InboundQueueBytesMax);
        connector = new PeerConnector(credentials, options.Peers.Keys.ToHashSet(), options.HandshakeTimeout, options.TimeProvider);
    }

    public NodeIdentity Identity => credentials.Identity;

    /// <summary>Where this node listens for its peers (the actual port when bound to port 0).</summary>
    public IPEndPoint ListenEndPoint => listener.LocalEndPoint;

    public IReadOnlyList<uint> PeerIds => links.Keys.Order().ToArray();

    /// <summary>Frames received from every peer, in order per peer. Reading one makes room for more from that peer.</summary>
    public ChannelReader<InboundFrame> Inbox => inbox;

    public TransportMetrics Metrics { get; }

    /// <summary>Tasks of this transport still running (none once disposal has finished).</summary>
    internal int RunningTaskCount => tasks.Count;

    /// <summary>Starts accepting peers and dialling the peers with a higher node id.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (Interlocked.Exchange(ref started, 1) != 0) throw new InvalidOperationException("the transport is already started");
        TransportLog.Listening(logger, Identity.NodeId, ListenEndPoint);
        tasks.Run("accept loop", AcceptLoopAsync);
        foreach (PeerLink link in links.Values.Where(l => l.WeDial).OrderBy(l => l.PeerId))
            tasks.Run($"dialler of node {link.PeerId}", () => DialLoopAsync(link));
    }

    /// <summary>
    /// Queues a message for a peer if its queue has room now; false when it is full. For messages
    /// that may be dropped, such as consensus messages that are retransmitted anyway.
    /// </summary>
    /// <exception cref="FrameException">The message is larger than the frame limit.</exception>
    /// <exception cref="ArgumentException">The message has no kind, or could never fit the outbound queue.</exception>
    public bool TrySend(uint peerId, Envelope message)
    {
        PeerLink link = LinkOf(peerId);
        OutboundFrame frame = FrameEncoder.Encode(message);
        bool queued = false;
        try
        {
            queued = link.Outbox.TryEnqueue(frame);
            return queued;
        }
        finally
        {
            if (!queued) frame.ReturnBuffer();
        }
    }

    /// <summary>Queues a message for a peer, waiting while its queue is full (back-pressure).</summary>
    /// <exception cref="FrameException">The message is larger than the frame limit.</exception>
    /// <exception cref="ArgumentException">The message has no kind, or could never fit the outbound queue.</exception>
    /// <exception cref="ObjectDisposedException">The transport was disposed before the message was queued.</exception>
    public async ValueTask SendAsync(uint peerId, Envelope message, CancellationToken cancellation = default)
    {
        PeerLink link = LinkOf(peerId);
        OutboundFrame frame = FrameEncoder.Encode(message);
        try
        {
            await link.Outbox.EnqueueAsync(frame, cancellation).ConfigureAwait(false);
        }
        catch
        {
            frame.ReturnBuffer();
            throw;
        }
    }

    public PeerStatus GetStatus(uint peerId) => LinkOf(peerId).Status();

    /// <summary>The status of every peer, in node id order.</summary>
    public IReadOnlyList<PeerStatus> GetStatuses() => links.Values.OrderBy(l => l.PeerId).Select(l => l.Status()).ToArray();

    /// <summary>Completes when a connection with the peer is up (at once if it is).</summary>
    public Task WaitUntilConnectedAsync(uint peerId, CancellationToken cancellation = default) =>
        LinkOf(peerId).WhenConnected.WaitAsync(cancellation);

    private PeerLink LinkOf(uint peerId)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return links.TryGetValue(peerId, out PeerLink? link)
            ? link
            : throw new ArgumentOutOfRangeException(nameof(peerId), peerId, $"node {peerId} is not a peer of node {Identity.NodeId}");
    }

    private async Task DialLoopAsync(PeerLink link)
    {
        var backoff = new ReconnectBackoff(options.ReconnectDelayMin, options.ReconnectDelayMax,
            new Random(JitterSeedFor(link.PeerId)));
        string? previousFailure = null;
        while (!stopping.IsCancellationRequested)
        {
            link.MarkConnecting();
            try
            {
                EstablishedStream established = await connector.DialAsync(link.PeerId, link.Endpoint, stopping.Token).ConfigureAwait(false);
                previousFailure = null;
                backoff.Reset();
                await link.RunAsync(NewConnection(established, link)).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // Whatever failed, it failed because we are shutting down.
                return;
            }
            catch (Exception e)
            {
                string failure = DescribeDialFailure(e);
                link.MarkFailed(failure);
                LogDialFailure(link, e, failure, previousFailure);
                previousFailure = failure;
            }
            try
            {
                await Task.Delay(backoff.Next(), options.TimeProvider, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Not HashCode.Combine: its seed changes from process to process, and the jitter should not.
    private int JitterSeedFor(uint peerId) =>
        unchecked(options.JitterSeed * 1_000_003 + (int)(Identity.NodeId * (NodeIdentity.NodeIdMax + 1) + peerId));

    private void LogDialFailure(PeerLink link, Exception e, string failure, string? previousFailure)
    {
        // A refusal by us is always worth a line; the peer being down is logged once per change, not every retry.
        if (e is PeerRefusedException { Reason: not PeerRefusalReason.TlsFailed } refusal)
        {
            Metrics.RecordRefusal(refusal.Reason);
            TransportLog.Refused(logger, "outgoing", $"node {link.PeerId} at {link.Endpoint}", refusal.Reason, refusal.Detail);
        }
        else if (failure != previousFailure)
        {
            TransportLog.DialFailed(logger, link.PeerId, link.Endpoint, failure);
        }
        else
        {
            TransportLog.DialStillFailing(logger, link.PeerId, link.Endpoint, failure);
        }
    }

    private static string DescribeDialFailure(Exception e) => e switch
    {
        PeerRefusedException { Reason: PeerRefusalReason.TlsFailed } tls => $"{tls.Detail} (the peer may have refused our certificate: see its log)",
        PeerRefusedException refused => $"refused: {refused.Message}",
        SocketException socket => $"{socket.SocketErrorCode}: {socket.Message}",
        IOException io => $"the connection broke during the handshake: {io.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.Socket.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (stopping.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Such as running out of descriptors: wait a little rather than spin.
                TransportLog.AcceptLoopError(logger, $"{e.SocketErrorCode}: {e.Message}");
                await DelayUnlessStoppingAsync(options.ReconnectDelayMin).ConfigureAwait(false);
                continue;
            }
            int pending = Interlocked.Increment(ref pendingHandshakes);
            if (pending > options.HandshakesPendingMax)
            {
                Interlocked.Decrement(ref pendingHandshakes);
                TransportLog.TooManyHandshakes(logger, pending - 1, RemoteOf(socket));
                socket.Dispose();
                continue;
            }
            tasks.Run("incoming connection", () => HandleIncomingAsync(socket));
        }
    }

    private async Task HandleIncomingAsync(Socket socket)
    {
        string remote = RemoteOf(socket);
        EstablishedStream established;
        try
        {
            established = await connector.AcceptAsync(socket, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (PeerRefusedException refusal)
        {
            // A certified member of the cluster that we refused (say, another version): show it on its link.
            if (refusal.PeerId is { } peerId && links.TryGetValue(peerId, out PeerLink? refused)) refused.MarkFailed($"refused: {refusal.Message}");
            Metrics.RecordRefusal(refusal.Reason);
            TransportLog.Refused(logger, "incoming", $"from {remote}", refusal.Reason, refusal.Detail);
            return;
        }
        catch (Exception e)
        {
            TransportLog.AcceptFailed(logger, remote, $"{e.GetType().Name}: {e.Message}");
            return;
        }
        finally
        {
            Interlocked.Decrement(ref pendingHandshakes);
        }
        PeerLink link = links[established.PeerId];
        await link.RunAsync(NewConnection(established, link)).ConfigureAwait(false);
    }

    private PeerConnection NewConnection(EstablishedStream established, PeerLink link) =>
        new(established, link.Outbox, inbox, link.Traffic, options, logger, stopping.Token);

    private async Task DelayUnlessStoppingAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, options.TimeProvider, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string RemoteOf(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint?.ToString() ?? "unknown";
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return "unknown";
        }
    }

    /// <summary>
    /// Stops accepting and dialling, closes every connection, fails senders still waiting for room,
    /// and returns once every task of the transport has finished. Frames already in the inbox can
    /// still be read; then the inbox completes.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        // Connections close themselves on this (their registration disposes their sockets).
        stopping.Cancel();
        listener.Dispose();
        foreach (PeerLink link in links.Values) link.Outbox.Close();
        await tasks.WhenAllAsync().ConfigureAwait(false);
        foreach (PeerLink link in links.Values) link.Outbox.DiscardUnsent();
        inbox.Complete();
        stopping.Dispose();
        TransportLog.Stopped(logger, Identity.NodeId);
    }
}
