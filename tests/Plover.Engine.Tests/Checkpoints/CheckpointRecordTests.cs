using Plover.Engine.Checkpoints;
using Plover.Engine.Guest;

namespace Plover.Engine.Tests.Checkpoints;

/// <summary>The metadata and page records: exact round trips, and every kind of damage named precisely.</summary>
public class CheckpointRecordTests
{
    internal static CheckpointMetadata Meta(ulong id, ulong slot = 40, int pageCount = 16) => new()
    {
        Id = id,
        Slot = slot,
        Epoch = 12,
        EpochPrimaryBallot = 0x0000_0003_0000_0001,
        LogHashValue = 0xDEAD_BEEF_0000_0001,
        LogHashEntries = 77,
        Connections = [5, 9, 1UL << 60],
        PageCount = pageCount,
        Digest = 0x1234_5678_9ABC_DEF0,
        Globals = [1, 2, 3],
        Table = [],
        LibraryOs = [7, 7, 7, 7, 7],
    };

    [Fact]
    public void Metadata_round_trips_every_field()
    {
        CheckpointMetadata meta = Meta(3);
        CheckpointMetadata back = CheckpointMetadataCodec.Decode(CheckpointMetadataCodec.Encode(meta));
        Assert.Equal(meta.Id, back.Id);
        Assert.Equal(meta.Slot, back.Slot);
        Assert.Equal(meta.Epoch, back.Epoch);
        Assert.Equal(meta.EpochPrimaryBallot, back.EpochPrimaryBallot);
        Assert.Equal(meta.LogHashValue, back.LogHashValue);
        Assert.Equal(meta.LogHashEntries, back.LogHashEntries);
        Assert.Equal(meta.Connections, back.Connections);
        Assert.Equal(meta.PageCount, back.PageCount);
        Assert.Equal(meta.Digest, back.Digest);
        Assert.Equal(meta.Globals, back.Globals);
        Assert.Equal(meta.Table, back.Table);
        Assert.Equal(meta.LibraryOs, back.LibraryOs);
    }

    [Fact]
    public void A_flipped_bit_anywhere_in_the_metadata_fails_its_checksum()
    {
        byte[] record = CheckpointMetadataCodec.Encode(Meta(3));
        for (int i = 0; i < record.Length; i++)
        {
            byte[] damaged = (byte[])record.Clone();
            damaged[i] ^= 0x10;
            var e = Assert.Throws<CheckpointCorruptionException>(() => CheckpointMetadataCodec.Decode(damaged));
            Assert.Null(e.Page);
            Assert.Contains("checksum mismatch", e.Message);
        }
    }

    [Fact]
    public void Truncated_metadata_is_refused()
    {
        byte[] record = CheckpointMetadataCodec.Encode(Meta(3));
        var e = Assert.Throws<CheckpointCorruptionException>(() => CheckpointMetadataCodec.Decode(record[..20]));
        Assert.Contains("shorter than", e.Message);
    }

    [Fact]
    public void A_page_round_trips_and_names_the_checkpoint_that_wrote_it()
    {
        byte[] page = Page(0x5A);
        (ulong writtenBy, ReadOnlyMemory<byte> bytes) = CheckpointPageRecord.Decode(4, CheckpointPageRecord.Encode(2, 4, page), newest: 3);
        Assert.Equal(2UL, writtenBy);
        Assert.Equal(page, bytes.ToArray());
    }

    [Fact]
    public void A_damaged_page_is_reported_with_its_checkpoint_and_index()
    {
        byte[] record = CheckpointPageRecord.Encode(2, 4, Page(0x5A));
        record[CheckpointPageRecord.HeaderBytes + 100] ^= 1;
        var e = Assert.Throws<CheckpointCorruptionException>(() => CheckpointPageRecord.Decode(4, record, newest: 3));
        Assert.Equal(3UL, e.Checkpoint);
        Assert.Equal(4, e.Page);
        Assert.StartsWith("checkpoint 3 page 4: checksum mismatch", e.Message);
    }

    [Fact]
    public void A_page_record_under_another_index_fails_its_checksum()
    {
        byte[] record = CheckpointPageRecord.Encode(2, 4, Page(0x5A));
        var e = Assert.Throws<CheckpointCorruptionException>(() => CheckpointPageRecord.Decode(5, record, newest: 3));
        Assert.Equal(5, e.Page);
    }

    [Fact]
    public void A_page_from_a_checkpoint_newer_than_the_metadata_is_refused()
    {
        byte[] record = CheckpointPageRecord.Encode(4, 1, Page(1));
        var e = Assert.Throws<CheckpointCorruptionException>(() => CheckpointPageRecord.Decode(1, record, newest: 3));
        Assert.Contains("written by checkpoint 4, not one of 1..3", e.Message);
    }

    [Fact]
    public void A_short_page_record_is_refused()
    {
        byte[] record = CheckpointPageRecord.Encode(1, 1, Page(1))[..100];
        var e = Assert.Throws<CheckpointCorruptionException>(() => CheckpointPageRecord.Decode(1, record, newest: 1));
        Assert.Contains("record of 100 bytes", e.Message);
    }

    internal static byte[] Page(byte fill)
    {
        byte[] page = new byte[IGuestMachine.PageBytes];
        for (int i = 0; i < page.Length; i++) page[i] = (byte)(fill + i);
        return page;
    }
}
