using Plover.Engine.Config;
using Plover.Engine.Hosting;
using Plover.Engine.Log;
using Plover.Engine.Tests.Fakes;

namespace Plover.Engine.Tests.Hosting;

public class ProposalBatcherTests
{
    private static ProposalBatcher New(ReplicationMode mode, ManualTime? time = null) => new(mode, time ?? new ManualTime(), TimeSpan.FromSeconds(1));

    [Fact]
    public void A_new_leader_proposes_its_takeover_before_any_input()
    {
        ProposalBatcher batcher = New(ReplicationMode.Vsmr);
        Assert.False(batcher.TryAdd(7, new ConnectEntry(1)));
        batcher.LeadershipChanged(7);
        Assert.True(batcher.TryAdd(7, new ConnectEntry(1)));
        Assert.Equal([new TakeoverEntry(7)], batcher.TakeBatch()!.Entries);
        Assert.Equal<LogEntry>([new ConnectEntry(1), new EpochEndEntry(1)], batcher.TakeBatch()!.Entries);
        Assert.Null(batcher.TakeBatch());
    }

    [Fact]
    public void Inputs_of_an_old_leadership_are_refused_and_dropped()
    {
        ProposalBatcher batcher = New(ReplicationMode.Vsmr);
        batcher.LeadershipChanged(7);
        batcher.TryAdd(7, new ConnectEntry(1));
        batcher.LeadershipChanged(0);
        Assert.False(batcher.TryAdd(7, new ConnectEntry(2)));
        Assert.Null(batcher.TakeBatch());
    }

    [Fact]
    public void Only_one_epoch_end_is_on_its_way_at_a_time()
    {
        ProposalBatcher batcher = New(ReplicationMode.Vsmr);
        batcher.LeadershipChanged(7);
        batcher.TakeBatch();
        batcher.TryAdd(7, new DataEntry(1, new byte[10]));
        Assert.IsType<EpochEndEntry>(batcher.TakeBatch()!.Entries[^1]);
        batcher.TryAdd(7, new DataEntry(1, new byte[10]));
        batcher.RequestEpochEnd();
        Assert.IsType<DataEntry>(Assert.Single(batcher.TakeBatch()!.Entries));
        batcher.EpochEndExecuted();
        Assert.IsType<EpochEndEntry>(Assert.Single(batcher.TakeBatch()!.Entries));
    }

    [Fact]
    public void A_lost_epoch_end_is_proposed_again_after_the_retry_interval()
    {
        var time = new ManualTime();
        ProposalBatcher batcher = New(ReplicationMode.Vsmr, time);
        batcher.LeadershipChanged(7);
        batcher.TakeBatch();
        batcher.RequestEpochEnd();
        Assert.IsType<EpochEndEntry>(Assert.Single(batcher.TakeBatch()!.Entries));
        batcher.RequestEpochEnd();
        Assert.Null(batcher.TakeBatch());
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.IsType<EpochEndEntry>(Assert.Single(batcher.TakeBatch()!.Entries));
    }

    [Fact]
    public void Smr_never_proposes_epoch_ends()
    {
        ProposalBatcher batcher = New(ReplicationMode.Smr);
        batcher.LeadershipChanged(7);
        batcher.TakeBatch();
        batcher.TryAdd(7, new DataEntry(1, new byte[10]));
        batcher.RequestEpochEnd();
        Assert.IsType<DataEntry>(Assert.Single(batcher.TakeBatch()!.Entries));
        Assert.Null(batcher.TakeBatch());
    }

    [Fact]
    public void Batches_are_bounded_and_time_only_moves_forward()
    {
        ProposalBatcher batcher = New(ReplicationMode.Smr);
        batcher.LeadershipChanged(7);
        LogBatch takeover = batcher.TakeBatch()!;
        for (int i = 0; i < 20; i++) Assert.True(batcher.TryAdd(7, new DataEntry(1, new byte[64 * 1024])));
        var batches = new List<LogBatch> { takeover };
        while (batcher.TakeBatch() is { } batch) batches.Add(batch);
        Assert.All(batches, b => Assert.True(LogBatchCodec.EncodedLength(b) <= ProposalBatcher.BatchBytesMax));
        Assert.Equal(20, batches.Skip(1).Sum(b => b.Entries.Count));
        Assert.True(batches.Count >= 4);
        for (int i = 1; i < batches.Count; i++) Assert.True(batches[i].LeaderTimestampNs > batches[i - 1].LeaderTimestampNs);
    }

    [Fact]
    public void A_full_batcher_refuses_data_but_not_connection_events_and_says_when_it_has_room()
    {
        ProposalBatcher batcher = New(ReplicationMode.Smr);
        batcher.LeadershipChanged(7);
        int added = 0;
        while (batcher.TryAdd(7, new DataEntry(1, new byte[1 << 20]))) added++;
        Assert.Equal(ProposalBatcher.PendingBytesMax / (1 << 20) - 1, added);
        Assert.True(batcher.TryAdd(7, new CloseEntry(1)));
        bool room = false;
        batcher.RoomAvailable += () => room = true;
        while (batcher.TakeBatch() is not null) { }
        Assert.True(room);
    }

    [Fact]
    public void A_time_advance_proposes_an_empty_batch()
    {
        ProposalBatcher batcher = New(ReplicationMode.Vsmr);
        batcher.LeadershipChanged(7);
        batcher.TakeBatch();
        batcher.RequestTimeAdvance();
        Assert.Empty(batcher.TakeBatch()!.Entries);
        Assert.Null(batcher.TakeBatch());
    }

    [Fact]
    public void A_request_behind_another_connection_s_flood_is_proposed_in_the_next_batch()
    {
        ProposalBatcher batcher = New(ReplicationMode.Smr);
        batcher.LeadershipChanged(7);
        batcher.TakeBatch();
        for (int i = 0; i < 64; i++) Assert.True(batcher.TryAdd(7, new DataEntry(1, new byte[64 * 1024])));
        Assert.True(batcher.TryAdd(7, new ConnectEntry(2)));
        Assert.True(batcher.TryAdd(7, new DataEntry(2, "GET a\r\n"u8.ToArray())));
        LogBatch next = batcher.TakeBatch()!;
        Assert.Equal<LogEntry>([new ConnectEntry(2), new DataEntry(2, "GET a\r\n"u8.ToArray())], next.Entries.Where(e => e is not DataEntry { Connection: 1 }));
        Assert.True(next.Entries.Count(e => e is DataEntry { Connection: 1 }) < 8);
    }
}
