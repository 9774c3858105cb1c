using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Plover.Bench.Targets;

/// <summary>Waits until a RESP server answers PING with +PONG: the one readiness check every target shares.</summary>
internal static class RespProbe
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    /// <param name="alive">false once the server's process has died, which ends the wait at once</param>
    public static async Task WaitServingAsync(string target, IPEndPoint endpoint, Func<bool> alive, Func<string> diagnostics, CancellationToken cancellation)
    {
        DateTime deadline = DateTime.UtcNow + StartTimeout;
        string last = "no attempt";
        while (DateTime.UtcNow < deadline)
        {
            if (!alive()) throw new TargetStartException(target, $"its process exited before serving on {endpoint}:\n{diagnostics()}");
            try
            {
                string reply = await PingAsync(endpoint, cancellation);
                if (reply == "+PONG") return;
                throw new TargetStartException(target, $"answered PING on {endpoint} with '{reply}'");
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException)
            {
                last = e.Message;
            }
            await Task.Delay(RetryDelay, cancellation);
        }
        throw new TargetStartException(target, $"not serving on {endpoint} within {StartTimeout} (last: {last}):\n{diagnostics()}");
    }

    private static async Task<string> PingAsync(IPEndPoint endpoint, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(PingTimeout);
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token);
            await socket.SendAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray(), SocketFlags.None, timeout.Token);
            var reply = new byte[64];
            int length = 0;
            while (length == 0 || reply[length - 1] != '\n')
            {
                int n = await socket.ReceiveAsync(reply.AsMemory(length), SocketFlags.None, timeout.Token);
                if (n == 0) throw new IOException("closed the connection without answering PING");
                length += n;
                if (length == reply.Length) break;
            }
            return Encoding.ASCII.GetString(reply, 0, length).TrimEnd('\r', '\n');
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer to PING within {PingTimeout}");
        }
    }
}
