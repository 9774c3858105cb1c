using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>Dense indexes for the envelope kinds, so per-kind counters are plain arrays.</summary>
internal static class FrameKinds
{
    /// <summary>Every kind an envelope can carry, in field-number order (None excluded).</summary>
    public static readonly IReadOnlyList<Envelope.KindOneofCase> All =
        Enum.GetValues<Envelope.KindOneofCase>().Where(k => k != Envelope.KindOneofCase.None).Order().ToArray();

    private static readonly int[] IndexByField = BuildIndex();

    public static int Count => All.Count;

    public static int IndexOf(Envelope.KindOneofCase kind)
    {
        int field = (int)kind;
        if (field <= 0 || field >= IndexByField.Length || IndexByField[field] < 0)
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an envelope kind");
        return IndexByField[field];
    }

    private static int[] BuildIndex()
    {
        var index = new int[(int)All.Max() + 1];
        Array.Fill(index, -1);
        for (int i = 0; i < All.Count; i++) index[(int)All[i]] = i;
        return index;
    }
}
