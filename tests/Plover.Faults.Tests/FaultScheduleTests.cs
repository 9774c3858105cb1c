namespace Plover.Faults.Tests;

public class FaultScheduleTests
{
    private static List<Fault> Draw(ulong seed, bool cuts, int count)
    {
        var schedule = new FaultSchedule(seed, cuts);
        return Enumerable.Range(0, count).Select(_ => schedule.Next()).ToList();
    }

    [Fact]
    public void A_seed_gives_the_same_schedule_every_time()
    {
        Assert.Equal(Draw(42, true, 200), Draw(42, true, 200));
        Assert.NotEqual(Draw(42, true, 50), Draw(43, true, 50));
    }

    [Fact]
    public void Every_kind_of_fault_occurs_and_targets_and_times_stay_in_bounds()
    {
        List<Fault> faults = Draw(7, true, 500);
        Assert.Equal(Enum.GetValues<FaultKind>().Order(), faults.Select(f => f.Kind).Distinct().Order());
        Assert.All(faults, f =>
        {
            Assert.InRange(f.Node, 1u, 3u);
            Assert.InRange(f.OtherNode, 1u, 3u);
            Assert.NotEqual(f.Node, f.OtherNode);
            Assert.InRange(f.HoldMs, FaultSchedule.HoldMsMin, FaultSchedule.HoldMsMax);
            Assert.InRange(f.GapMs, FaultSchedule.GapMsMin, FaultSchedule.GapMsMax);
        });
        Assert.Equal(Enumerable.Range(0, 500), faults.Select(f => f.Index));
    }

    [Fact]
    public void Kills_are_the_most_common_fault()
    {
        List<Fault> faults = Draw(11, true, 1000);
        int kills = faults.Count(f => f.Kind is FaultKind.KillNode or FaultKind.KillPrimary or FaultKind.KillAll);
        Assert.True(kills > 600, $"{kills} kills in 1000 faults");
    }

    [Fact]
    public void Without_namespaces_no_link_is_cut()
    {
        Assert.DoesNotContain(Draw(7, false, 500), f => f.Kind == FaultKind.CutLink);
    }
}
