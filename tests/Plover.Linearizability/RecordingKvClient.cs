using Plover.Linearizability.Resp;

namespace Plover.Linearizability;

/// <summary>
/// A client that runs key-value commands over one RESP connection and records each in a
/// <see cref="HistoryRecorder"/>. A command whose reply does not arrive (timeout, closed or broken
/// connection) stays indeterminate in the history, and the client is then unusable: the caller
/// opens a new one, as a real client would reconnect.
/// </summary>
public sealed class RecordingKvClient(int clientId, RespConnection connection, HistoryRecorder recorder) : IAsyncDisposable
{
    public int ClientId { get; } = clientId;
    public bool Broken { get; private set; }

    /// <summary>Runs <paramref name="command"/>; null if its outcome is unknown (and the client is now broken).</summary>
    public async Task<KvResult?> ExecuteAsync(KvCommand command)
    {
        if (Broken) throw new InvalidOperationException($"client {ClientId} lost its connection; open a new client");
        PendingOperation pending = recorder.Begin(ClientId, command);
        try
        {
            RespReply reply = await connection.CallAsync([.. command.Arguments]);
            KvResult result = KvReplies.ToResult(reply);
            recorder.End(pending, result);
            return result;
        }
        catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            Broken = true;
            return null;
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
