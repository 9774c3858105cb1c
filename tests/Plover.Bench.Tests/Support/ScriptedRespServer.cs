using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Plover.Bench.Tests;

/// <summary>
/// A loopback RESP server whose answers a test scripts: it parses each command (an array of bulk
/// strings) and sends whatever the script returns for it, byte for byte (null: send nothing, ever
/// again, on that connection; an empty array: close the connection). It lets a test show how the
/// load generator counts a bad reply, garbage, a hang-up or silence.
/// </summary>
internal sealed class ScriptedRespServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<string[], byte[]?> script;
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> connections = [];
    private readonly Task accepting;
    private int commands;

    public ScriptedRespServer(Func<string[], byte[]?> script)
    {
        this.script = script;
        listener.Start();
        accepting = AcceptAsync();
    }

    public IPEndPoint Endpoint => (IPEndPoint)listener.LocalEndpoint;

    public int Commands => Volatile.Read(ref commands);

    public static byte[] Text(string resp) => Encoding.ASCII.GetBytes(resp);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                TcpClient client = await listener.AcceptTcpClientAsync(stop.Token);
                lock (connections) connections.Add(ServeAsync(client));
            }
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // stopping: the accept ends one way or another, depending on whether the cancellation or the listener's stop came first
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            NetworkStream stream = client.GetStream();
            var pending = new List<byte>();
            var buffer = new byte[64 << 10];
            try
            {
                while (true)
                {
                    int n = await stream.ReadAsync(buffer, stop.Token);
                    if (n == 0) return;
                    pending.AddRange(buffer.AsSpan(0, n).ToArray());
                    while (TryTakeCommand(pending, out string[] command))
                    {
                        Interlocked.Increment(ref commands);
                        byte[]? reply = script(command);
                        if (reply is null) { await Task.Delay(Timeout.Infinite, stop.Token); return; }
                        if (reply.Length == 0) return;
                        await stream.WriteAsync(reply, stop.Token);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // the client hung up, or the test is over
            }
        }
    }

    /// <summary>Removes one complete command (*N then N bulk strings) from the front of <paramref name="pending"/>.</summary>
    private static bool TryTakeCommand(List<byte> pending, out string[] command)
    {
        command = [];
        int at = 0;
        if (!TryLine(pending, ref at, out string header)) return false;
        if (header[0] != '*') throw new InvalidDataException($"not a command array: {header}");
        var parts = new string[int.Parse(header[1..])];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!TryLine(pending, ref at, out string length)) return false;
            int bytes = int.Parse(length[1..]);
            if (pending.Count < at + bytes + 2) return false;
            parts[i] = Encoding.ASCII.GetString(pending.GetRange(at, bytes).ToArray());
            at += bytes + 2;
        }
        pending.RemoveRange(0, at);
        command = parts;
        return true;
    }

    private static bool TryLine(List<byte> pending, ref int at, out string line)
    {
        line = "";
        for (int i = at; i + 1 < pending.Count; i++)
        {
            if (pending[i] != '\r' || pending[i + 1] != '\n') continue;
            line = Encoding.ASCII.GetString(pending.GetRange(at, i - at).ToArray());
            at = i + 2;
            return true;
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        await accepting;
        Task[] open;
        lock (connections) open = [.. connections];
        await Task.WhenAll(open);
        stop.Dispose();
    }
}
