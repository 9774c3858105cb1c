namespace Plover.Engine.FrontDoor;

/// <summary>
/// Client connection ids, unique across the cluster and across restarts: the node that holds the
/// client socket in the top 8 bits, the node's incarnation (a counter kept in its store, raised at
/// every start) in the next 24, and a counter below. Every host can tell from an id which node
/// holds the client, so outputs find their way back without a table.
/// </summary>
public sealed class ConnectionIds(uint node, uint incarnation)
{
    public const int NodeShift = 56;
    public const int IncarnationShift = 32;
    public const uint IncarnationMask = (1u << 24) - 1;

    private readonly ulong prefix = ((ulong)node << NodeShift) | ((ulong)(incarnation & IncarnationMask) << IncarnationShift);
    private long counter;

    public ulong Next()
    {
        ulong n = (ulong)Interlocked.Increment(ref counter);
        Invariant.Require(n <= uint.MaxValue, "at most 2^32 client connections per incarnation");
        return prefix | n;
    }

    public static uint HolderOf(ulong connection) => (uint)(connection >> NodeShift);
}
