using System.Net;
using System.Net.Sockets;

namespace Plover.Bench.Targets;

/// <summary>
/// Finds loopback ports nobody is listening on, for servers that cannot bind port 0 themselves
/// (redis-server, a Plover cluster). Another process may take a port between the probe and the
/// server's bind, so callers retry a start that fails for that reason.
/// </summary>
public static class FreePorts
{
    /// <summary>Below the kernel's ephemeral range (32768 and up), so outgoing connections do not collide.</summary>
    private const int RangeLowest = 20_000;
    private const int RangeHighest = 32_000;
    private const int BaseAttemptsMax = 200;

    /// <summary>One free port, below the ephemeral range (a port the kernel hands out for port 0 is also one it may give an outgoing connection next).</summary>
    public static int PickOne() => PickBlock(1, new Random());

    /// <summary>A base P such that ports P to P + <paramref name="span"/> - 1 are all free on loopback.</summary>
    public static int PickBlock(int span, Random random)
    {
        if (span < 1 || span > RangeHighest - RangeLowest) throw new ArgumentOutOfRangeException(nameof(span), span, "a port block of sensible size");
        for (int attempt = 0; attempt < BaseAttemptsMax; attempt++)
        {
            int candidate = random.Next(RangeLowest, RangeHighest - span);
            if (Enumerable.Range(candidate, span).All(IsFree)) return candidate;
        }
        throw new InvalidOperationException($"found no {span} consecutive free loopback ports in {RangeLowest}..{RangeHighest} after {BaseAttemptsMax} tries");
    }

    public static bool IsFree(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
