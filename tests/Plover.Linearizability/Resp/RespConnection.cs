using System.Net.Sockets;
using System.Text;

namespace Plover.Linearizability.Resp;

/// <summary>
/// A RESP2 client connection: sends commands (one, or many pipelined in one write, or raw bytes)
/// and reads replies in order. Every read is bounded by <see cref="Timeout"/>, so a silent server
/// fails a test instead of hanging it.
/// </summary>
public sealed class RespConnection : IAsyncDisposable, IDisposable
{
    private const int ReadChunkBytes = 64 * 1024;

    private readonly Socket _socket;
    private byte[] _buffer = new byte[ReadChunkBytes];
    private int _start, _end;

    private RespConnection(Socket socket, TimeSpan timeout)
    {
        _socket = socket;
        Timeout = timeout;
    }

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public TimeSpan Timeout { get; set; }

    public static async Task<RespConnection> ConnectAsync(string host, int port, TimeSpan? timeout = null)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await socket.ConnectAsync(host, port, cts.Token);
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            throw new TimeoutException($"connecting to {host}:{port} took longer than {timeout ?? DefaultTimeout}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RespConnection(socket, timeout ?? DefaultTimeout);
    }

    /// <summary>Encodes a command as a RESP array of bulk strings (Latin-1).</summary>
    public static byte[] Encode(IReadOnlyList<string> arguments)
    {
        var text = new StringBuilder();
        text.Append('*').Append(arguments.Count).Append("\r\n");
        foreach (string a in arguments) text.Append('$').Append(Encoding.Latin1.GetByteCount(a)).Append("\r\n").Append(a).Append("\r\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>Sends the commands in one write, so the server sees them pipelined.</summary>
    public Task SendAsync(params IReadOnlyList<string>[] commands) => SendRawAsync(commands.SelectMany(Encode).ToArray());

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!bytes.IsEmpty)
        {
            int sent = await _socket.SendAsync(bytes, SocketFlags.None, cts.Token);
            bytes = bytes[sent..];
        }
    }

    public async Task<RespReply> CallAsync(params string[] arguments)
    {
        await SendAsync(arguments);
        return await ReadReplyAsync();
    }

    /// <summary>Reads the next reply.</summary>
    /// <exception cref="TimeoutException">none arrived within <see cref="Timeout"/>.</exception>
    /// <exception cref="EndOfStreamException">the server closed the connection first.</exception>
    public async Task<RespReply> ReadReplyAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            if (_end > _start && RespReplyParser.TryParse(_buffer.AsSpan(_start, _end - _start), out RespReply? reply, out int consumed))
            {
                _start += consumed;
                return reply!;
            }
            if (await FillAsync(cts.Token) == 0)
                throw new EndOfStreamException($"the server closed the connection with {_end - _start} bytes of an unfinished reply buffered");
        }
    }

    /// <summary>True if the server closes the connection (end of stream) within <see cref="Timeout"/> and sent nothing more.</summary>
    public async Task<bool> WaitForCloseAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                int read = await FillAsync(cts.Token);
                if (read == 0) return _end == _start;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { return _end == _start; }
        catch (TimeoutException) { return false; }
    }

    /// <summary>Closes the sending direction (TCP half-close); replies can still be read.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    private async Task<int> FillAsync(CancellationToken token)
    {
        if (_start > 0 && _start == _end) _start = _end = 0;
        if (_buffer.Length - _end < ReadChunkBytes)
        {
            int live = _end - _start;
            byte[] target = live + ReadChunkBytes > _buffer.Length ? new byte[Math.Max(_buffer.Length * 2, live + ReadChunkBytes)] : _buffer;
            Buffer.BlockCopy(_buffer, _start, target, 0, live);
            _buffer = target;
            _start = 0;
            _end = live;
        }
        try
        {
            int read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, token);
            _end += read;
            return read;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no complete reply within {Timeout} ({_end - _start} bytes buffered)");
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _socket.Dispose();
}
