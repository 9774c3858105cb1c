using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Plover.Engine.Tests.Hosting;

/// <summary>A client of the fake guest's line service: one line out, one line back.</summary>
internal sealed class LineClient : IDisposable
{
    private readonly TcpClient client = new();
    private readonly StreamReader reader;
    private readonly NetworkStream stream;

    private LineClient(IPEndPoint endpoint)
    {
        client.Connect(endpoint);
        stream = client.GetStream();
        reader = new StreamReader(stream, Encoding.ASCII);
    }

    public static LineClient Connect(IPEndPoint endpoint) => new(endpoint);

    public async Task<string?> AskAsync(string line, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        byte[] bytes = Encoding.ASCII.GetBytes(line + "\n");
        await stream.WriteAsync(bytes, cancel.Token);
        return await reader.ReadLineAsync(cancel.Token);
    }

    public void Dispose() => client.Dispose();
}
