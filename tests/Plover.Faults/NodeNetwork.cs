using System.Net;

namespace Plover.Faults;

/// <summary>
/// Where the three nodes live and how links between them are cut: network namespaces joined by a
/// bridge (<see cref="NamespaceNetwork"/>), or plain loopback without link cuts (<see cref="LoopbackNetwork"/>).
/// </summary>
public abstract class NodeNetwork : IDisposable
{
    /// <summary>Why link cuts are not possible here, or null when they are.</summary>
    public abstract string? LinkCutsUnavailable { get; }

    /// <summary>The address a node binds and is reached at.</summary>
    public abstract IPAddress Address(uint node);

    public abstract IPEndPoint Service(uint node);

    public abstract IPEndPoint Status(uint node);

    public abstract IPEndPoint Peer(uint node);

    /// <summary>The command that runs <paramref name="command"/> inside node <paramref name="node"/>'s network.</summary>
    public abstract IReadOnlyList<string> Wrap(uint node, IReadOnlyList<string> command);

    /// <summary>Drops every packet between two nodes, both ways, until <see cref="Heal"/>.</summary>
    public abstract void Cut(uint a, uint b);

    public abstract void Heal(uint a, uint b);

    public abstract void Dispose();

    /// <summary>Namespaces when this host allows them (root and iproute2), else loopback, saying why.</summary>
    public static NodeNetwork Create(TextWriter log)
    {
        string? problem = NamespaceNetwork.Unavailable();
        if (problem is null) return NamespaceNetwork.Create();
        log.WriteLine($"network namespaces unavailable ({problem}): nodes run on loopback and link cuts are skipped");
        return new LoopbackNetwork(problem);
    }
}
