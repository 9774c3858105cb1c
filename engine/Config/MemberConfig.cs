using System.Net;

namespace Plover.Engine.Config;

/// <summary>One node of the cluster: where its peers reach it, and where clients do.</summary>
public sealed record MemberConfig(uint Id, IPEndPoint Peer, IPEndPoint Service);
