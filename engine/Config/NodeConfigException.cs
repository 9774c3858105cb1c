namespace Plover.Engine.Config;

/// <summary>A node config that cannot work: names the file, the field (as a JSON path) and why.</summary>
public sealed class NodeConfigException(string source, string field, string reason)
    : Exception($"{source}: {field}: {reason}")
{
    public string ConfigFile { get; } = source;

    /// <summary>The offending field as a dotted path, e.g. <c>members[1].peer</c>.</summary>
    public string Field { get; } = field;

    public string Reason { get; } = reason;
}
