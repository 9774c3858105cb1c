using System.Net;
using System.Net.Sockets;

namespace Plover.Cli.Run;

/// <summary>Parses `HOST:PORT` (or `[V6HOST]:PORT`) into the address to listen on; port 0 picks a free one.</summary>
internal static class ListenEndpoint
{
    public static IPEndPoint Parse(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            throw new FormatException($"--listen wants HOST:PORT, not \"{text}\"");
        string host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        if (!ushort.TryParse(text[(colon + 1)..], out ushort port))
            throw new FormatException($"--listen port \"{text[(colon + 1)..]}\" is not a number from 0 to 65535");
        if (IPAddress.TryParse(host, out IPAddress? address)) return new IPEndPoint(address, port);
        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new FormatException($"--listen host \"{host}\" does not resolve: {e.Message}");
        }
        IPAddress chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new FormatException($"--listen host \"{host}\" has no address");
        return new IPEndPoint(chosen, port);
    }
}
