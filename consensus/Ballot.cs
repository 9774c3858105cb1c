namespace Plover.Consensus;

/// <summary>
/// A Paxos ballot: a round number and the node that owns it, ordered by round then node, so two
/// proposers never share a ballot. Packed into a u64 (round in the high 56 bits, node in the low
/// 8) for the store and the wire; the packing preserves the order.
/// </summary>
public readonly struct Ballot : IEquatable<Ballot>, IComparable<Ballot>
{
    public const int NodeBits = 8;
    public const int NodeMax = (1 << NodeBits) - 1;
    public const ulong RoundMax = (1UL << (64 - NodeBits)) - 1;

    public static readonly Ballot Zero = default;

    public Ballot(ulong round, int node)
    {
        if (round > RoundMax) throw new ArgumentOutOfRangeException(nameof(round), round, $"ballot round above {RoundMax}");
        if (node is < 0 or > NodeMax) throw new ArgumentOutOfRangeException(nameof(node), node, $"ballot node outside 0..{NodeMax}");
        Round = round;
        Node = node;
    }

    public ulong Round { get; }

    public int Node { get; }

    public bool IsZero => Round == 0 && Node == 0;

    public ulong ToUInt64() => (Round << NodeBits) | (uint)Node;

    public static Ballot FromUInt64(ulong packed) => new(packed >> NodeBits, (int)(packed & NodeMax));

    public int CompareTo(Ballot other) => ToUInt64().CompareTo(other.ToUInt64());

    public bool Equals(Ballot other) => Round == other.Round && Node == other.Node;

    public override bool Equals(object? obj) => obj is Ballot other && Equals(other);

    public override int GetHashCode() => ToUInt64().GetHashCode();

    public static bool operator ==(Ballot a, Ballot b) => a.Equals(b);
    public static bool operator !=(Ballot a, Ballot b) => !a.Equals(b);
    public static bool operator <(Ballot a, Ballot b) => a.CompareTo(b) < 0;
    public static bool operator >(Ballot a, Ballot b) => a.CompareTo(b) > 0;
    public static bool operator <=(Ballot a, Ballot b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Ballot a, Ballot b) => a.CompareTo(b) >= 0;

    public static Ballot Max(Ballot a, Ballot b) => a >= b ? a : b;

    public override string ToString() => $"{Round}.{Node}";
}
