using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Plover.Bench.Tests;

/// <summary>A one-command-at-a-time RESP client, for tests to look at what a server holds after a load.</summary>
internal sealed class RawResp : IDisposable
{
    private readonly TcpClient client = new();
    private NetworkStream stream = null!;
    private readonly byte[] buffer = new byte[1 << 20];
    private int start, end;

    public static async Task<RawResp> ConnectAsync(IPEndPoint endpoint)
    {
        var resp = new RawResp();
        await resp.client.ConnectAsync(endpoint);
        resp.stream = resp.client.GetStream();
        return resp;
    }

    /// <summary>
    /// Sends a command and returns the reply as text: "+OK", "-ERR ...", ":5", "$-1", a bulk string's
    /// content, or an array's elements joined by '|'.
    /// </summary>
    public async Task<string> CommandAsync(params string[] parts)
    {
        var request = new StringBuilder($"*{parts.Length}\r\n");
        foreach (string p in parts) request.Append($"${Encoding.ASCII.GetByteCount(p)}\r\n{p}\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        return await ReplyAsync();
    }

    private async Task<string> ReplyAsync()
    {
        string header = await LineAsync();
        if (header[0] == '*' && header != "*-1")
        {
            var elements = new string[int.Parse(header[1..])];
            for (int i = 0; i < elements.Length; i++) elements[i] = await ReplyAsync();
            return string.Join('|', elements);
        }
        if (header[0] != '$' || header == "$-1") return header;
        int length = int.Parse(header[1..]);
        while (end - start < length + 2) await FillAsync();
        string value = Encoding.ASCII.GetString(buffer, start, length);
        start += length + 2;
        return value;
    }

    private async Task<string> LineAsync()
    {
        while (true)
        {
            int lf = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            if (lf > 0)
            {
                string line = Encoding.ASCII.GetString(buffer, start, lf - 1 - start);
                start = lf + 1;
                return line;
            }
            await FillAsync();
        }
    }

    private async Task FillAsync()
    {
        int n = await stream.ReadAsync(buffer.AsMemory(end));
        if (n == 0) throw new IOException("the server closed the connection");
        end += n;
    }

    public void Dispose() => client.Dispose();
}
