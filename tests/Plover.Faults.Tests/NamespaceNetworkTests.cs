namespace Plover.Faults.Tests;

/// <summary>A fact that needs network namespaces; skipped, with the reason, where they cannot be made.</summary>
internal sealed class NamespaceFactAttribute : FactAttribute
{
    public NamespaceFactAttribute()
    {
        if (NamespaceNetwork.Unavailable() is { } reason) Skip = $"network namespaces unavailable: {reason}";
    }
}

public class NamespaceNetworkTests
{
    private const int DiscardPort = 9;

    [NamespaceFact]
    public async Task A_cut_link_carries_nothing_both_ways_until_healed_and_other_links_keep_working()
    {
        using NamespaceNetwork network = NamespaceNetwork.Create();
        Assert.True(await ConnectsAsync(network, from: 1, to: 2));
        network.Cut(1, 2);
        Assert.False(await ConnectsAsync(network, from: 1, to: 2));
        Assert.False(await ConnectsAsync(network, from: 2, to: 1));
        Assert.True(await ConnectsAsync(network, from: 1, to: 3));
        Assert.True(await ConnectsAsync(network, from: 3, to: 2));
        network.Heal(1, 2);
        Assert.True(await ConnectsAsync(network, from: 2, to: 1));
    }

    [NamespaceFact]
    public void Dispose_removes_the_namespaces()
    {
        NamespaceNetwork network = NamespaceNetwork.Create();
        string name = network.Namespace(1);
        Assert.True(File.Exists($"/run/netns/{name}"), $"{name} was not created");
        network.Dispose();
        Assert.False(File.Exists($"/run/netns/{name}"));
    }

    /// <summary>
    /// Whether a TCP SYN from node <paramref name="from"/>'s namespace reaches <paramref name="to"/>'s address and its
    /// answer comes back: nothing listens on the discard port, so a working link answers "Connection refused" at once,
    /// while a cut link fails locally or stays silent until the timeout. Needs only bash's /dev/tcp.
    /// </summary>
    private static Task<bool> ConnectsAsync(NamespaceNetwork network, uint from, uint to)
    {
        IReadOnlyList<string> command = network.Wrap(from, ["timeout", "2", "bash", "-c", $"exec 3<>/dev/tcp/{network.Address(to)}/{DiscardPort}"]);
        (int _, string output) = SetupCommand.TryRun(command[0], [.. command.Skip(1)]);
        return Task.FromResult(output.Contains("Connection refused", StringComparison.Ordinal));
    }
}
