namespace Plover.Bench.Tests;

/// <summary>
/// Tests that start servers and put load on them run one at a time: the machine has two cores,
/// and two load tests at once would only slow each other down.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerCollection
{
    public const string Name = "servers";
}
