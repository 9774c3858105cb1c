using Plover.Engine.Epochs;
using Plover.Engine.Wire;

namespace Plover.Engine.Tests.Epochs;

public class EpochSyncTests
{
    private static void ExecuteEverywhere(SyncHarness cluster, ulong connection, string line)
    {
        foreach (SyncHarness.Host host in cluster.Hosts.Values) host.Execute(connection, line);
    }

    [Fact]
    public void Deterministic_replicas_agree_on_the_digest_alone()
    {
        var cluster = new SyncHarness(1, passthrough: false, 1, 2, 3);
        for (ulong epoch = 1; epoch <= 5; epoch++)
        {
            ExecuteEverywhere(cluster, 7, $"SET k{epoch}");
            (PrimaryRound round, var backups) = cluster.RunEpoch(epoch);
            Assert.Equal(2, round.BackupsSynced);
            Assert.All(backups.Values, b => Assert.Equal(SyncResult.Equal, b.Result));
        }
        Assert.Equal(0, cluster.Network.Count(Envelope.KindOneofCase.PageHashes));
        Assert.Equal(0, cluster.Network.Count(Envelope.KindOneofCase.StatePatch));
        Assert.Equal(5UL, cluster.PrimarySync.HighestSyncedEpoch);
        Assert.Single(cluster.Hosts.Values.Select(h => h.Digest).Distinct());
    }

    [Fact]
    public void Divergent_pages_are_found_and_only_they_travel()
    {
        var cluster = new SyncHarness(1, passthrough: true, 1, 2, 3);
        cluster.RunEpoch(1); // the first sync has no baseline: every page is compared
        ExecuteEverywhere(cluster, 7, "SET a");
        ExecuteEverywhere(cluster, 7, "SET b");
        (PrimaryRound round, var backups) = cluster.RunEpoch(2);

        Assert.All(backups.Values, b => Assert.Equal(SyncResult.Repaired, b.Result));
        Assert.Single(cluster.Hosts.Values.Select(h => h.Digest).Distinct());
        EpochStatistics stats = round.Statistics(0, 0);
        // Only the stamp page differs (the counter and journal pages are equal on every host).
        Assert.All(stats.Peers, p => Assert.Equal(1, p.PagesSent));
        Assert.All(stats.Peers, p => Assert.True(p.PagesCompared >= 3, $"compared {p.PagesCompared}"));
        Assert.Equal(2, stats.HashListsSent);
        // Dirty hashes, not all of them: the hosts share the baseline of epoch 1.
        Assert.All(cluster.Network.Sent.Where(s => s.Message.KindCase == Envelope.KindOneofCase.PageHashes).TakeLast(2),
            s => Assert.False(s.Message.PageHashes.AllPages));
    }

    [Fact]
    public void The_first_sync_without_a_baseline_compares_every_page()
    {
        var cluster = new SyncHarness(1, passthrough: true, 1, 2);
        ExecuteEverywhere(cluster, 7, "SET a");
        (PrimaryRound round, _) = cluster.RunEpoch(1);
        PageHashes hashes = cluster.Network.Sent.Single(s => s.Message.KindCase == Envelope.KindOneofCase.PageHashes).Message.PageHashes;
        Assert.True(hashes.AllPages);
        Assert.Equal(cluster.Hosts[2].State.Hashes.PageCount, hashes.PageIndexes.Count);
        Assert.Equal(1, round.BackupsSynced);
        Assert.Equal(cluster.Hosts[1].Digest, cluster.Hosts[2].Digest);
    }

    [Fact]
    public void A_backup_that_missed_epochs_is_repaired_exactly_from_the_union_of_dirty_sets()
    {
        var cluster = new SyncHarness(1, passthrough: true, 1, 2, 3);
        cluster.RunEpoch(1);
        // Node 3 misses epochs 2 and 3 (cut off); the primary dirties different pages in each.
        cluster.Network.Cut(1, 3);
        for (ulong epoch = 2; epoch <= 3; epoch++)
        {
            ExecuteEverywhere(cluster, 7, $"SET x{epoch}");
            cluster.Hosts[1].Machine.Poke(5 + (int)epoch, 0, (byte)epoch);   // only the primary writes these
            cluster.Hosts[3].Machine.Poke(12, 1, 0xEE);                       // only node 3 writes this
            (_, var backups) = cluster.RunEpoch(epoch, backups: [2, 3]);
            Assert.Equal(SyncResult.Repaired, backups[2].Result);
            Assert.Equal(SyncResult.Missed, backups[3].Result);
        }
        cluster.Network.Heal();
        ExecuteEverywhere(cluster, 7, "SET y");
        (PrimaryRound round, var last) = cluster.RunEpoch(4);
        Assert.Equal(SyncResult.Repaired, last[3].Result);
        Assert.Single(cluster.Hosts.Values.Select(h => h.Digest).Distinct());
        Assert.Equal(2, cluster.Hosts[3].Machine.Peek(7, 0));
        Assert.Equal(3, cluster.Hosts[3].Machine.Peek(8, 0));
        Assert.Equal(0, cluster.Hosts[3].Machine.Peek(12, 1));
        // Node 3 still shared the baseline of epoch 1: dirty hashes only, not every page.
        Assert.False(cluster.Network.Sent.Last(s => s.From == 3 && s.Message.KindCase == Envelope.KindOneofCase.PageHashes).Message.PageHashes.AllPages);
        PeerSync three = round.Statistics(0, 0).Peers.Single(p => p.Peer == 3);
        Assert.True(three.PagesSent >= 4, $"the stamp, pages 7, 8 and 12 at least; sent {three.PagesSent}");
    }

    [Fact]
    public void Only_the_part_that_differs_travels_when_no_page_differs()
    {
        var cluster = new SyncHarness(1, passthrough: false, 1, 2);
        cluster.RunEpoch(1);
        cluster.Hosts[2].Machine.Globals = [1, 2, 3, 5];
        (_, var backups) = cluster.RunEpoch(2);
        Assert.Equal(SyncResult.Repaired, backups[2].Result);
        StatePatch patch = cluster.Network.Sent.Single(s => s.Message.KindCase == Envelope.KindOneofCase.StatePatch).Message.StatePatch;
        Assert.Empty(patch.Pages);
        Assert.True(patch.HasGlobals);
        Assert.False(patch.HasTable);
        Assert.False(patch.HasOsState);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, cluster.Hosts[2].Machine.Globals);
    }

    [Fact]
    public void Memory_grown_by_the_primary_reaches_the_backup()
    {
        var cluster = new SyncHarness(1, passthrough: false, 1, 2);
        cluster.RunEpoch(1);
        cluster.Hosts[1].Machine.GrowTo(48);
        cluster.Hosts[1].Machine.Poke(40, 9, 42);
        (_, var backups) = cluster.RunEpoch(2);
        Assert.Equal(SyncResult.Repaired, backups[2].Result);
        Assert.Equal(48, cluster.Hosts[2].Machine.PageCount);
        Assert.Equal(42, cluster.Hosts[2].Machine.Peek(40, 9));
        Assert.Equal(cluster.Hosts[1].Digest, cluster.Hosts[2].Digest);
        // Grown pages that are still zero need not travel: the backup's growth zero-fills them.
        Assert.Single(cluster.Network.Sent.Single(s => s.Message.KindCase == Envelope.KindOneofCase.StatePatch).Message.StatePatch.Pages);
    }

    [Fact]
    public void A_backup_whose_memory_outgrew_the_primarys_cannot_be_patched_and_says_why()
    {
        var cluster = new SyncHarness(1, passthrough: false, 1, 2);
        cluster.RunEpoch(1);
        cluster.Hosts[2].Machine.GrowTo(32);
        (_, var backups) = cluster.RunEpoch(2);
        Assert.Equal(SyncResult.Missed, backups[2].Result);
        Assert.Contains("memory cannot shrink", backups[2].FailureReason);
        Assert.Equal(1UL, cluster.PrimarySync.HighestSyncedEpoch);
    }

    [Fact]
    public void A_different_executed_log_is_an_invariant_violation()
    {
        var cluster = new SyncHarness(1, passthrough: false, 1, 2);
        PrimaryRound round = cluster.PrimarySync.Begin(1, cluster.Hosts[1].State.Seal(), logHash: 1, takeover: false, default);
        var digest = new EpochDigest { Epoch = 1, PrimaryBallot = cluster.Ballot, LogHash = 2, StateDigest = cluster.Hosts[2].State.Seal().Digest.Value };
        var error = Assert.Throws<InvariantViolationException>(() => cluster.PrimarySync.Handle(2, SyncMessages.Wrap(digest)));
        Assert.Contains("different log", error.Message);
        Assert.False(round.IsFinished);
    }

    [Fact]
    public void A_lost_patch_part_fails_that_epoch_and_the_next_one_repairs()
    {
        var cluster = new SyncHarness(1, passthrough: true, 1, 2);
        cluster.RunEpoch(1);
        ExecuteEverywhere(cluster, 7, "SET a");
        cluster.Network.Drop = (_, _, m) => m.KindCase == Envelope.KindOneofCase.StatePatch;
        (PrimaryRound lost, var missed) = cluster.RunEpoch(2);
        Assert.Equal(SyncResult.Missed, missed[2].Result);
        Assert.Equal(0, lost.BackupsSynced);
        Assert.Equal(1UL, cluster.PrimarySync.HighestSyncedEpoch);

        cluster.Network.Drop = (_, _, _) => false;
        ExecuteEverywhere(cluster, 7, "SET b");
        (_, var repaired) = cluster.RunEpoch(3);
        Assert.Equal(SyncResult.Repaired, repaired[2].Result);
        Assert.Equal(cluster.Hosts[1].Digest, cluster.Hosts[2].Digest);
        Assert.Equal(3UL, cluster.PrimarySync.HighestSyncedEpoch);
    }

    [Fact]
    public void A_backup_late_for_an_epoch_is_told_it_is_behind_and_catches_up_later()
    {
        var cluster = new SyncHarness(1, passthrough: true, 1, 2, 3);
        cluster.RunEpoch(1);
        ExecuteEverywhere(cluster, 7, "SET a");
        // Node 3 reaches epoch 2 only after the primary finished it.
        (_, var first) = cluster.RunEpoch(2, backups: [2]);
        Assert.Equal(SyncResult.Repaired, first[2].Result);
        SyncHarness.Host late = cluster.Hosts[3];
        var lateRound = new BackupRound(1, cluster.Ballot, 2, late.State.Seal(), cluster.LogHash, false, late.Synced,
            cluster.Network.LinkOf(3), late.State, SyncHarness.Timeouts, cluster.Time);
        lateRound.Start();
        cluster.DeliverAll(new() { [3] = lateRound });
        Assert.Equal(SyncResult.Behind, lateRound.Result);
        Assert.Equal(1UL, lateRound.SyncedAfter.Epoch);

        ExecuteEverywhere(cluster, 7, "SET b");
        (_, var next) = cluster.RunEpoch(3);
        Assert.Equal(SyncResult.Repaired, next[3].Result);
        Assert.Single(cluster.Hosts.Values.Select(h => h.Digest).Distinct());
    }

    [Fact]
    public void An_early_digest_waits_for_its_epoch()
    {
        var cluster = new SyncHarness(1, passthrough: false, 1, 2);
        SyncHarness.Host backup = cluster.Hosts[2];
        var early = new BackupRound(1, cluster.Ballot, 1, backup.State.Seal(), cluster.LogHash, false, default,
            cluster.Network.LinkOf(2), backup.State, SyncHarness.Timeouts, cluster.Time);
        early.Start();
        var rounds = new Dictionary<uint, BackupRound> { [2] = early };
        cluster.DeliverAll(rounds);
        Assert.False(early.IsFinished);
        PrimaryRound round = cluster.PrimarySync.Begin(1, cluster.Hosts[1].State.Seal(), cluster.LogHash, false, default);
        cluster.Pump(round, rounds);
        Assert.Equal(SyncResult.Equal, early.Result);
        Assert.Equal(1, round.BackupsSynced);
    }

    [Fact]
    public void A_late_ack_still_lets_outputs_go()
    {
        var cluster = new SyncHarness(1, passthrough: true, 1, 2);
        cluster.RunEpoch(1);
        ExecuteEverywhere(cluster, 7, "SET a");
        // Hold the acks back until the round has timed out.
        var held = new List<Envelope>();
        cluster.Network.Drop = (_, _, m) =>
        {
            if (m.KindCase != Envelope.KindOneofCase.EpochAck) return false;
            held.Add(m);
            return true;
        };
        (PrimaryRound round, var backups) = cluster.RunEpoch(2);
        Assert.Equal(SyncResult.Repaired, backups[2].Result);
        Assert.Equal(0, round.BackupsSynced);
        Assert.Equal(1UL, cluster.PrimarySync.HighestSyncedEpoch);
        cluster.PrimarySync.Handle(2, Assert.Single(held));
        Assert.Equal(2UL, cluster.PrimarySync.HighestSyncedEpoch);
    }

    [Fact]
    public void Messages_of_another_primary_are_ignored()
    {
        var cluster = new SyncHarness(1, passthrough: false, 1, 2);
        PrimaryRound round = cluster.PrimarySync.Begin(1, cluster.Hosts[1].State.Seal(), cluster.LogHash, false, default);
        var stale = new EpochDigest { Epoch = 1, PrimaryBallot = cluster.Ballot + 256, LogHash = cluster.LogHash, StateDigest = 5 };
        cluster.PrimarySync.Handle(2, SyncMessages.Wrap(stale));
        Assert.Empty(cluster.Network.Sent);
        Assert.False(round.IsFinished);
    }

    [Fact]
    public void A_takeover_pulls_the_state_of_the_peer_that_synced_last()
    {
        var cluster = new SyncHarness(1, passthrough: true, 1, 2, 3);
        cluster.RunEpoch(1);
        // Epoch 2 synced with node 2 only; node 3 was cut off.
        ExecuteEverywhere(cluster, 7, "SET released");
        cluster.Network.Cut(1, 3);
        cluster.RunEpoch(2, backups: [2, 3]);
        ulong released = cluster.Hosts[1].Digest;
        Assert.Equal(released, cluster.Hosts[2].Digest);
        Assert.NotEqual(released, cluster.Hosts[3].Digest);
        cluster.Network.Heal();

        // Node 1 dies; node 3 (behind) becomes primary: it must pull node 2's state, not impose its own.
        cluster.Network.Cut(1, 2);
        cluster.Network.Cut(1, 3);
        cluster.MakePrimary(3, ballot: 0x203);
        (PrimaryRound takeover, var backups) = cluster.RunEpoch(3, takeover: true, backups: [2]);
        Assert.Equal(2U, takeover.PulledFrom);
        Assert.Equal(SyncResult.Equal, backups[2].Result);
        Assert.Equal(cluster.Hosts[2].Digest, cluster.Hosts[3].Digest);
        Assert.Equal(released, cluster.Hosts[3].Digest);
    }

    [Fact]
    public void A_takeover_keeps_its_own_state_when_it_synced_as_recently_as_anyone()
    {
        var cluster = new SyncHarness(1, passthrough: true, 1, 2, 3);
        cluster.RunEpoch(1);
        cluster.MakePrimary(2, ballot: 0x202);
        ulong own = cluster.Hosts[2].Digest;
        (PrimaryRound takeover, var backups) = cluster.RunEpoch(2, takeover: true, backups: [1, 3]);
        Assert.Null(takeover.PulledFrom);
        Assert.All(backups.Values, b => Assert.Contains(b.Result, new SyncResult?[] { SyncResult.Equal, SyncResult.Repaired }));
        Assert.Single(cluster.Hosts.Values.Select(h => h.Digest).Distinct());
        Assert.Equal(own, cluster.Hosts[2].Digest);
    }

    [Fact]
    public void A_takeover_with_no_answer_fails_so_that_it_can_be_retried()
    {
        var cluster = new SyncHarness(1, passthrough: false, 1, 2, 3);
        PrimaryRound round = cluster.PrimarySync.Begin(1, cluster.Hosts[1].State.Seal(), cluster.LogHash, takeover: true, default);
        cluster.Pump(round, []);
        Assert.True(round.TakeoverFailed);
        Assert.Equal(0UL, cluster.PrimarySync.HighestSyncedEpoch);
    }
}

public class PrimaryRoundTimingTests
{
    [Fact]
    public void A_round_waits_until_its_deadline_not_in_a_busy_loop()
    {
        var cluster = new SyncHarness(1, passthrough: false, 1, 2);
        PrimaryRound round = cluster.PrimarySync.Begin(1, cluster.Hosts[1].State.Seal(), cluster.LogHash, takeover: false, default);
        Assert.Equal(SyncTimeouts.RecheckInterval, round.Tick());
        cluster.Time.Advance(SyncHarness.Timeouts.FirstBackup - TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(10), round.Tick());
        Assert.False(round.IsFinished);
        cluster.Time.Advance(TimeSpan.FromMilliseconds(10));
        round.Tick();
        Assert.True(round.IsFinished);
    }
}

public class PipelinedSyncTests
{
    private static BackupRound Digest(SyncHarness cluster, uint node, ulong epoch, bool pipelined)
    {
        SyncHarness.Host host = cluster.Hosts[node];
        var round = new BackupRound(cluster.Primary, cluster.Ballot, epoch, host.State.Seal(), cluster.LogHash, false, host.Synced,
            cluster.Network.LinkOf(node), host.State, SyncHarness.Timeouts, cluster.Time, pipelined);
        round.Start();
        return round;
    }

    [Fact]
    public void Equal_digests_sync_a_pipelined_epoch_without_the_primary_waiting_even_when_they_come_late()
    {
        var cluster = new SyncHarness(1, passthrough: false, pipelined: true, 1, 2, 3);
        PrimaryRound first = cluster.PrimarySync.Begin(1, cluster.Hosts[1].State.Seal(), cluster.LogHash, false, default);
        Assert.True(first.IsPipelined);
        BackupRound two = Digest(cluster, 2, 1, pipelined: true);
        cluster.DeliverAll(new() { [2] = two });
        Assert.Equal(SyncResult.Equal, two.Result);
        Assert.Equal(1UL, cluster.PrimarySync.HighestSyncedEpoch);

        // The primary moves on to epoch 2 (writing pages) before node 3's digest of epoch 1 arrives.
        cluster.Hosts[1].Machine.Poke(9, 0, 1);
        cluster.PrimarySync.Begin(2, cluster.Hosts[1].State.Seal(), cluster.LogHash, false, default);
        BackupRound three = Digest(cluster, 3, 1, pipelined: true);
        cluster.DeliverAll(new() { [3] = three });
        Assert.Equal(SyncResult.Equal, three.Result);
        Assert.Equal(new SyncPoint(1, three.Seal.Digest.Value), three.SyncedAfter);
        Assert.Equal(0, cluster.Network.Count(Envelope.KindOneofCase.PageHashes));
    }

    [Fact]
    public void A_pipelined_divergence_is_repaired_at_the_next_epoch_where_both_sides_wait()
    {
        var cluster = new SyncHarness(1, passthrough: true, pipelined: true, 1, 2);
        foreach (SyncHarness.Host host in cluster.Hosts.Values) host.Execute(7, "SET a"); // stamps differ: the hosts diverge
        cluster.PrimarySync.Begin(1, cluster.Hosts[1].State.Seal(), cluster.LogHash, false, default);
        BackupRound diverged = Digest(cluster, 2, 1, pipelined: true);
        cluster.DeliverAll(new() { [2] = diverged });
        Assert.Equal(SyncResult.Diverged, diverged.Result);
        Assert.True(diverged.RepairNext);
        Assert.Equal(0UL, cluster.PrimarySync.HighestSyncedEpoch);

        (PrimaryRound repair, var backups) = cluster.RunEpoch(2);
        Assert.False(repair.IsPipelined);
        Assert.Equal(SyncResult.Repaired, backups[2].Result);
        Assert.Equal(cluster.Hosts[1].Digest, cluster.Hosts[2].Digest);
        Assert.Equal(2UL, cluster.PrimarySync.HighestSyncedEpoch);
        // Repaired, the next epoch is pipelined again.
        Assert.True(cluster.PrimarySync.Begin(3, cluster.Hosts[1].State.Seal(), cluster.LogHash, false, default).IsPipelined);
    }

    [Fact]
    public void A_pipelined_round_finishes_by_itself_and_leaves_its_statistics()
    {
        var cluster = new SyncHarness(1, passthrough: false, pipelined: true, 1, 2);
        PrimaryRound round = cluster.PrimarySync.Begin(1, cluster.Hosts[1].State.Seal(), cluster.LogHash, false, default);
        Assert.True(cluster.PrimarySync.HasOpenRounds);
        cluster.Time.Advance(SyncHarness.Timeouts.FirstBackup);
        cluster.PrimarySync.Tick();
        Assert.True(round.IsFinished);
        EpochStatistics stats = Assert.Single(cluster.PrimarySync.TakeFinished());
        Assert.Equal(SyncResult.Missed, Assert.Single(stats.Peers).Result);
        Assert.False(cluster.PrimarySync.HasOpenRounds);
    }
}
