using Xunit.Abstractions;

namespace Plover.Faults.Tests;

/// <summary>
/// A guest that traps, computes forever or exhausts its memory on its first input: every node
/// serving it reports the fault (/status guestFault and health, and its log), and stays up.
/// </summary>
public class BadGuestTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ReportedWithin = TimeSpan.FromSeconds(30);

    /// <summary>16 MiB: the memory guest reaches it in a moment.</summary>
    private const uint MemoryPagesMax = 256;

    /// <summary>Far more than any request of a sane guest needs, and a fraction of a second of looping.</summary>
    private const long FuelPerRun = 200_000_000;

    [Theory]
    [InlineData("bad-trap.wasm", true, "Trapped: the guest trapped")]
    [InlineData("bad-loop.wasm", true, "LimitHit: the guest ran out of fuel")]
    [InlineData("bad-memory.wasm", false, "LimitHit: the guest needed more memory than its limit of 256 pages")]
    public async Task A_faulting_guest_is_reported_by_every_node_and_the_nodes_stay_up(string guest, bool metered, string expected)
    {
        var log = new StringWriter();
        await using LiveCluster live = await LiveCluster.StartAsync(guest, new GuestLimitSettings(MemoryPagesMax, metered ? FuelPerRun : null), log);
        output.WriteLine(log.ToString());
        // The client stays connected, as a real one waiting for its reply would.
        await using var client = await live.ConnectAsync(live.Primary);
        await client.SendAsync(["PING"]);
        IReadOnlyList<NodeStatus> statuses = await WaitForFaultsAsync(live.Cluster);
        foreach (NodeStatus status in statuses) output.WriteLine(status.ToString());
        Assert.Equal(3, statuses.Count);
        Assert.All(statuses, s =>
        {
            Assert.StartsWith(expected, s.GuestFault);
            Assert.Equal("guest-stopped", s.Health);
        });
        foreach (uint node in FaultCluster.NodeIds)
        {
            Assert.True(live.Cluster.IsRunning(node), $"node {node} exited");
            Assert.Contains(expected, live.Output(node));
        }
        Assert.Empty(live.Cluster.UnexpectedExits());
    }

    private static async Task<IReadOnlyList<NodeStatus>> WaitForFaultsAsync(FaultCluster cluster)
    {
        DateTime deadline = DateTime.UtcNow + ReportedWithin;
        IReadOnlyList<NodeStatus> statuses = [];
        while (DateTime.UtcNow < deadline)
        {
            statuses = await cluster.StatusAllAsync();
            if (statuses.Count == 3 && statuses.All(s => s.GuestFault is not null)) break;
            await Task.Delay(200);
        }
        return statuses;
    }
}
