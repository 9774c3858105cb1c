using Plover.Sandbox.Wasi.Network;

namespace Plover.Cli.Run;

/// <summary>
/// The live client connections by id, and the virtual network's sink: what the guest sends,
/// shuts down and closes lands on the connection's queue and flags, and the connection is listed
/// for the guest thread to flush after the run. Used by the guest thread only.
/// </summary>
internal sealed class ConnectionTable : IWasiNetworkSink
{
    /// <summary>Output a client may owe before it is dropped: it is not reading its replies.</summary>
    public const int OutputBytesMax = 64 * 1024 * 1024;

    private readonly Dictionary<ulong, ClientConnection> _byId = [];
    private readonly List<ClientConnection> _touched = [];

    public int Count => _byId.Count;

    public IEnumerable<ClientConnection> All => _byId.Values;

    public void Add(ClientConnection connection) => _byId.Add(connection.Id, connection);

    public void Remove(ClientConnection connection) => _byId.Remove(connection.Id);

    public bool TryGet(ulong id, out ClientConnection connection) => _byId.TryGetValue(id, out connection!);

    /// <summary>Lists a connection for the next flush (once).</summary>
    public void Touch(ClientConnection connection)
    {
        if (connection.Listed) return;
        connection.Listed = true;
        _touched.Add(connection);
    }

    /// <summary>The connections touched since the last call, in the order they were touched.</summary>
    public void TakeTouched(List<ClientConnection> into)
    {
        foreach (ClientConnection connection in _touched) connection.Listed = false;
        into.AddRange(_touched);
        _touched.Clear();
    }

    public void Send(ulong connectionId, ReadOnlySpan<byte> bytes)
    {
        ClientConnection connection = Get(connectionId);
        if (connection.Broken) return;
        if (!connection.Output.TryAppend(bytes, OutputBytesMax))
        {
            // The client does not read what it asked for; drop its output and it with it.
            connection.Output.Clear();
            connection.Broken = true;
        }
        Touch(connection);
    }

    public void ShutdownSend(ulong connectionId)
    {
        ClientConnection connection = Get(connectionId);
        connection.ShutdownRequested = true;
        Touch(connection);
    }

    public void Close(ulong connectionId)
    {
        ClientConnection connection = Get(connectionId);
        connection.CloseRequested = true;
        connection.ReadingStopped = true;
        Touch(connection);
    }

    public void ResumeReceiving(ulong connectionId)
    {
        ClientConnection connection = Get(connectionId);
        connection.Paused = false;
        Touch(connection);
    }

    private ClientConnection Get(ulong connectionId) =>
        _byId.TryGetValue(connectionId, out ClientConnection? connection)
            ? connection
            : throw new InvalidOperationException($"the virtual network named connection {connectionId}, which the front door does not hold");
}
