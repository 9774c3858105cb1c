using Plover.Engine.Config;
using Plover.Engine.Execution;
using Plover.Engine.Log;
using Plover.Engine.Transport;
using Plover.Engine.Wire;
using Google.Protobuf;

namespace Plover.Engine.FrontDoor;

// The primary's side of forwarding (clients held by other nodes), and output routing.
public sealed partial class ClientFrontDoor
{
    /// <summary>A client another node holds, forwarded to this primary for the leadership <see cref="Ballot"/>.</summary>
    private sealed record RemoteClient(uint Holder, ulong Ballot, long LinkGeneration);

    /// <summary>A client event forwarded by the node that holds the client (the transport's dispatcher calls this).</summary>
    public void OnClientForward(uint from, ClientForward message)
    {
        ulong id = message.ConnectionId;
        if (ConnectionIds.HolderOf(id) != from)
        {
            FrontDoorLog.ForeignConnection(logger, from, id);
            return;
        }
        switch (message.EventCase)
        {
            case ClientForward.EventOneofCase.Opened: OnRemoteOpened(from, id); break;
            case ClientForward.EventOneofCase.Data: OnRemoteData(id, message.Data.ToByteArray()); break;
            case ClientForward.EventOneofCase.Closed:
                if (remotes.TryRemove(id, out RemoteClient? client)) inputs.TryAdd(client.Ballot, new CloseEntry(id));
                break;
        }
    }

    private void OnRemoteOpened(uint from, ulong id)
    {
        ulong ballot = serving.Ballot;
        Leadership now = leadership();
        bool primary = ballot != 0 && now.IsLeader && now.Ballot == ballot;
        var client = new RemoteClient(from, ballot, transport!.GetStatus(from).ConnectionsOpened);
        if (!primary || !remotes.TryAdd(id, client) || !inputs.TryAdd(ballot, new ConnectEntry(id)))
        {
            FrontDoorLog.RemoteRefused(logger, id, from, now.ToString(), ballot);
            remotes.TryRemove(id, out _);
            ReplyClosed(from, id);
        }
    }

    private void OnRemoteData(ulong id, byte[] data)
    {
        if (!remotes.TryGetValue(id, out RemoteClient? client)) return;
        if (inputs.TryAdd(client.Ballot, new DataEntry(id, data))) return;
        // The log's queue is full (or this primary is over): a forwarded stream cannot be held back
        // without stalling every peer message behind it, so the client is closed instead.
        FrontDoorLog.RemoteOverflow(logger, id, client.Holder);
        remotes.TryRemove(id, out _);
        inputs.TryAdd(client.Ballot, new CloseEntry(id));
        ReplyClosed(client.Holder, id);
    }

    /// <summary>Forwarded clients of a primary that is over, or whose holder's link dropped (frames may be lost), are closed.</summary>
    private void DropStaleRemotes()
    {
        if (remotes.IsEmpty) return;
        ulong ballot = serving.Ballot;
        foreach ((ulong id, RemoteClient client) in remotes)
        {
            PeerStatus link = transport!.GetStatus(client.Holder);
            bool valid = client.Ballot == ballot && link.State == PeerConnectionState.Connected && link.ConnectionsOpened == client.LinkGeneration;
            if (valid || !remotes.TryRemove(id, out _)) continue;
            inputs.TryAdd(client.Ballot, new CloseEntry(id));
            ReplyClosed(client.Holder, id);
        }
    }

    /// <summary>A reply from the primary for a client this node holds.</summary>
    public void OnClientReply(uint from, ClientReply message)
    {
        if (!sessions.TryGetValue(message.ConnectionId, out ClientSession? session)) return;
        if (session.Binding is not SessionBinding.Forwarded forwarded || forwarded.Leader != from) return;
        switch (message.EventCase)
        {
            case ClientReply.EventOneofCase.Data: session.Enqueue(OutputEvent.Bytes(session.Id, message.Data.ToByteArray())); break;
            case ClientReply.EventOneofCase.Shutdown: session.Enqueue(OutputEvent.ShutdownOf(session.Id)); break;
            case ClientReply.EventOneofCase.InputExecuted: budget.Executed(session.Id, (int)Math.Min(message.InputExecuted.Bytes, int.MaxValue)); break;
            case ClientReply.EventOneofCase.Closed:
                FrontDoorLog.ClosedByPrimary(logger, session.Id, from);
                session.Enqueue(OutputEvent.CloseOf(session.Id));
                break;
        }
    }

    private void ReplyClosed(uint holder, ulong id) =>
        Reply(holder, new ClientReply { ConnectionId = id, Closed = new ClientClosed() });

    private void Reply(uint holder, ClientReply reply)
    {
        if (replies.TryGetValue(holder, out ReplyPump? pump)) pump.Post(new Envelope { ClientReply = reply });
    }

    /// <summary>A released output (executor thread): to the local socket, or back to the node holding the client.</summary>
    public void Release(OutputEvent output)
    {
        uint holder = ConnectionIds.HolderOf(output.Connection);
        if (holder == self || transport is null)
        {
            if (sessions.TryGetValue(output.Connection, out ClientSession? session)) session.Enqueue(output);
            return;
        }
        var reply = new ClientReply { ConnectionId = output.Connection };
        switch (output.Kind)
        {
            case OutputKind.Data: reply.Data = UnsafeByteOperations.UnsafeWrap(output.Data!); break;
            case OutputKind.Shutdown: reply.Shutdown = new ClientShutdown(); break;
            case OutputKind.Close:
                reply.Closed = new ClientClosed();
                remotes.TryRemove(output.Connection, out _);
                break;
        }
        Reply(holder, reply);
    }

    /// <summary>
    /// This host's guest was given bytes of a client's input (executor thread). A client held here
    /// may read that much more. In Remus only the primary executes, so it tells the holder of a
    /// forwarded client; in vsmr and smr the holder executes the same log and counts for itself.
    /// </summary>
    public void InputExecuted(ulong connection, int bytes)
    {
        uint holder = ConnectionIds.HolderOf(connection);
        if (holder == self || transport is null) budget.Executed(connection, bytes);
        else if (mode == ReplicationMode.Remus && remotes.ContainsKey(connection))
            Reply(holder, new ClientReply { ConnectionId = connection, InputExecuted = new InputExecuted { Bytes = (ulong)bytes } });
    }

    public void PauseReceiving(ulong connection)
    {
        if (sessions.TryGetValue(connection, out ClientSession? session)) session.PauseReading();
    }

    public void ResumeReceiving(ulong connection)
    {
        if (sessions.TryGetValue(connection, out ClientSession? session)) session.ResumeReading();
    }
}
