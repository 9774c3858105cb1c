using System.Net;
using System.Net.Sockets;

namespace Plover.Faults;

/// <summary>Every node on 127.0.0.1, on ports probed free at creation; links cannot be cut here (<see cref="LinkCutsUnavailable"/> says why).</summary>
public sealed class LoopbackNetwork : NodeNetwork
{
    private readonly int[] ports;

    public LoopbackNetwork(string reason)
    {
        LinkCutsUnavailable = reason;
        ports = Enumerable.Range(0, 9).Select(_ => FreePort()).ToArray();
        if (ports.Distinct().Count() != ports.Length) throw new FaultHarnessException("the kernel handed out the same free port twice; try again");
    }

    public override string? LinkCutsUnavailable { get; }

    public override IPAddress Address(uint node) => IPAddress.Loopback;

    public override IPEndPoint Service(uint node) => new(IPAddress.Loopback, ports[node - 1]);

    public override IPEndPoint Status(uint node) => new(IPAddress.Loopback, ports[2 + node]);

    public override IPEndPoint Peer(uint node) => new(IPAddress.Loopback, ports[5 + node]);

    public override IReadOnlyList<string> Wrap(uint node, IReadOnlyList<string> command) => command;

    public override void Cut(uint a, uint b) =>
        throw new FaultHarnessException($"links cannot be cut on loopback ({LinkCutsUnavailable})");

    public override void Heal(uint a, uint b)
    {
    }

    public override void Dispose()
    {
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
