namespace Plover.Faults;

/// <summary>
/// The seeded sequence of faults: a pure function of the seed (and of whether link cuts are
/// possible), so a failing run is replayed by its seed. Kills dominate (the issue asks for many),
/// then pauses and link cuts; the whole cluster is killed now and then.
/// </summary>
public sealed class FaultSchedule(ulong seed, bool linkCutsPossible)
{
    public const int HoldMsMin = 300;
    public const int HoldMsMax = 2_500;
    public const int GapMsMin = 300;
    public const int GapMsMax = 1_500;

    /// <summary>Out of 20 draws: kill a node 7, kill the primary 5, pause 3, cut a link 3, kill all 2 (cuts fall back to kills without namespaces).</summary>
    private const int WeightTotal = 20;

    private readonly FaultPrng random = new(seed);
    private int next;

    public ulong Seed { get; } = seed;

    public Fault Next()
    {
        int draw = random.Below(WeightTotal);
        FaultKind kind = draw switch
        {
            < 7 => FaultKind.KillNode,
            < 12 => FaultKind.KillPrimary,
            < 15 => FaultKind.PauseNode,
            < 18 => linkCutsPossible ? FaultKind.CutLink : FaultKind.KillNode,
            _ => FaultKind.KillAll,
        };
        uint node = (uint)random.Between(1, 3);
        uint other = (uint)(((node - 1 + (uint)random.Between(1, 2)) % 3) + 1);
        int hold = random.Between(HoldMsMin, HoldMsMax);
        int gap = random.Between(GapMsMin, GapMsMax);
        return new Fault(next++, kind, node, other, hold, gap);
    }
}
