using System.Net;
using Microsoft.Extensions.Logging;

namespace Plover.Engine.Transport;

/// <summary>
/// Everything this node keeps about one peer across connections: its outbox, its counters, the
/// connection currently attached (at most one) and the state operators see.
/// </summary>
internal sealed class PeerLink
{
    private readonly object gate = new();
    private readonly SemaphoreSlim attaching = new(1, 1);
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly CancellationToken transportStopping;
    private PeerConnection? current;
    private PeerConnectionState state = PeerConnectionState.Disconnected;
    private DateTimeOffset since;
    private string? lastError;
    private DateTimeOffset? lastErrorAt;
    private long connectionsOpened;
    private TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PeerLink(uint peerId, EndPoint endpoint, bool weDial, PeerOutbox outbox, PeerTraffic traffic, TimeProvider time, ILogger logger,
        CancellationToken transportStopping)
    {
        this.transportStopping = transportStopping;
        PeerId = peerId;
        Endpoint = endpoint;
        WeDial = weDial;
        Outbox = outbox;
        Traffic = traffic;
        this.time = time;
        this.logger = logger;
        since = time.GetUtcNow();
    }

    public uint PeerId { get; }

    public EndPoint Endpoint { get; }

    public bool WeDial { get; }

    public PeerOutbox Outbox { get; }

    public PeerTraffic Traffic { get; }

    /// <summary>Completes when a connection is attached; a fresh task after each disconnection.</summary>
    public Task WhenConnected
    {
        get { lock (gate) return connected.Task; }
    }

    public PeerStatus Status()
    {
        lock (gate) return new PeerStatus(PeerId, Endpoint, WeDial, state, since, lastError, lastErrorAt, connectionsOpened, Outbox.QueuedBytes);
    }

    public void MarkConnecting()
    {
        lock (gate)
        {
            if (current is null) Enter(PeerConnectionState.Connecting);
        }
    }

    public void MarkFailed(string error)
    {
        lock (gate)
        {
            lastError = error;
            lastErrorAt = time.GetUtcNow();
            if (current is null) Enter(PeerConnectionState.Disconnected);
        }
    }

    /// <summary>
    /// Attaches the connection, closing the one it replaces (a peer that restarted dials again
    /// before we notice its old connection died), and returns once it has closed.
    /// </summary>
    public async Task RunAsync(PeerConnection connection)
    {
        if (connection.PeerId != PeerId)
            throw new InvalidOperationException($"a connection with node {connection.PeerId} attached to the link of node {PeerId}");
        await attaching.WaitAsync().ConfigureAwait(false);
        try
        {
            PeerConnection? previous;
            lock (gate) previous = current;
            if (previous is not null)
            {
                previous.Close("replaced by a newer connection with the same peer");
                // The outbox has a single reader: the old writer loop must be gone before the new one starts.
                await previous.Completion.ConfigureAwait(false);
            }
            // Started before it is published, so whoever sees it as current sees its real completion.
            connection.Start();
            Attach(connection);
        }
        finally
        {
            attaching.Release();
        }
        TransportLog.Connected(logger, PeerId, connection.Established.WeDialled ? "dialled" : "accepted", connection.Established.Remote);
        await connection.Completion.ConfigureAwait(false);
        Detach(connection);
    }

    private void Attach(PeerConnection connection)
    {
        lock (gate)
        {
            current = connection;
            connectionsOpened++;
            Enter(PeerConnectionState.Connected);
            connected.TrySetResult();
        }
        Traffic.RecordConnectionOpened();
    }

    private void Detach(PeerConnection connection)
    {
        string reason = connection.CloseReason ?? "closed";
        lock (gate)
        {
            lastError = reason;
            lastErrorAt = time.GetUtcNow();
            if (current == connection)
            {
                current = null;
                Enter(PeerConnectionState.Disconnected);
                connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        if (transportStopping.IsCancellationRequested) TransportLog.ConnectionClosedOnShutdown(logger, PeerId, reason);
        else TransportLog.ConnectionClosed(logger, PeerId, reason);
    }

    private void Enter(PeerConnectionState next)
    {
        // Since counts from the last change between connected and not: retries (connecting, then
        // disconnected again) do not reset how long the peer has been away.
        bool wasConnected = state == PeerConnectionState.Connected;
        state = next;
        if (wasConnected != (next == PeerConnectionState.Connected)) since = time.GetUtcNow();
    }
}
