using System.Globalization;
using Plover.Engine.FrontDoor;

namespace Plover.Cli.Log;

/// <summary>
/// Connection ids as people read them: <c>node.incarnation.counter</c> (the three fields the engine
/// packs into the id, see <see cref="ConnectionIds"/>). Parsing also takes the raw id in decimal or
/// 0x-prefixed hex.
/// </summary>
public static class ConnectionIdText
{
    private const ulong CounterMask = uint.MaxValue;

    public static uint NodeOf(ulong id) => ConnectionIds.HolderOf(id);

    public static uint IncarnationOf(ulong id) => (uint)(id >> ConnectionIds.IncarnationShift) & ConnectionIds.IncarnationMask;

    public static uint CounterOf(ulong id) => (uint)(id & CounterMask);

    public static string Format(ulong id) => $"{NodeOf(id)}.{IncarnationOf(id)}.{CounterOf(id)}";

    public static ulong Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong hex)) return hex;
        if (ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out ulong raw)) return raw;
        string[] parts = t.Split('.');
        if (parts.Length == 3
            && byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out byte node)
            && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint incarnation) && incarnation <= ConnectionIds.IncarnationMask
            && uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint counter))
            return ((ulong)node << ConnectionIds.NodeShift) | ((ulong)incarnation << ConnectionIds.IncarnationShift) | counter;
        throw new LogToolException(LogToolError.BadQuery,
            $"--connection '{text}' is not a connection id: give node.incarnation.counter (e.g. 1.2.7), a decimal id, or 0x followed by hex");
    }
}
