using System.Globalization;

namespace Plover.Cli.Log;

/// <summary>An inclusive range of slots, written <c>A..B</c>, <c>A..</c>, <c>..B</c> or a single slot <c>A</c>.</summary>
public readonly record struct SlotRange(ulong From, ulong To)
{
    public static readonly SlotRange All = new(0, ulong.MaxValue);

    public bool Contains(ulong slot) => slot >= From && slot <= To;

    public static SlotRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        int dots = t.IndexOf("..", StringComparison.Ordinal);
        ulong from, to;
        bool ok = dots < 0
            ? TryParseSlot(t, out from) & TryParseSlot(t, out to)
            : TryParseBound(t[..dots], 0, out from) & TryParseBound(t[(dots + 2)..], ulong.MaxValue, out to);
        if (!ok) throw new LogToolException(LogToolError.BadQuery, $"--slots '{text}' is not a slot range: write A..B, A.., ..B or A (slots are whole numbers)");
        if (to < from) throw new LogToolException(LogToolError.BadQuery, $"--slots '{text}' is empty: {to} is below {from}");
        return new SlotRange(from, to);
    }

    private static bool TryParseBound(string text, ulong open, out ulong value)
    {
        if (text.Length == 0)
        {
            value = open;
            return true;
        }
        return TryParseSlot(text, out value);
    }

    private static bool TryParseSlot(string text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public override string ToString() => $"{From}..{(To == ulong.MaxValue ? "" : To)}";
}
