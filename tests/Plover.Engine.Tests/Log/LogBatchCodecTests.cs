using Plover.Engine.Log;

namespace Plover.Engine.Tests.Log;

public class LogBatchCodecTests
{
    private static LogBatch Sample() => new(
        LeaderTimestampNs: 1_700_000_000_123_456_789,
        RandomSeed: 0xDEADBEEFCAFEF00D,
        Entries:
        [
            new ConnectEntry(42),
            new DataEntry(42, "*1\r\n$4\r\nPING\r\n"u8.ToArray()),
            new DataEntry(42, Array.Empty<byte>()),
            new CloseEntry(42),
            new EpochEndEntry(7),
            new TakeoverEntry(0x0000_0003_0000_0002),
        ]);

    [Fact]
    public void Batch_round_trips_with_every_entry_kind()
    {
        LogBatch batch = Sample();
        byte[] encoded = LogBatchCodec.Encode(batch);
        Assert.Equal(LogBatchCodec.EncodedLength(batch), encoded.Length);
        Assert.Equal(batch, LogBatchCodec.Decode(encoded));
    }

    [Fact]
    public void Takeover_carries_the_new_primarys_ballot_as_its_id()
    {
        byte[] encoded = LogBatchCodec.Encode(new LogBatch(5, 6, [new TakeoverEntry(0xFFEE_DDCC_BBAA_0099)]));
        Assert.Equal((byte)LogEntryKind.Takeover, encoded[21]);
        Assert.Equal(0xFFEE_DDCC_BBAA_0099UL, BitConverter.ToUInt64(encoded, 22));
        Assert.Equal(new TakeoverEntry(0xFFEE_DDCC_BBAA_0099), Assert.Single(LogBatchCodec.Decode(encoded).Entries));
    }

    [Fact]
    public void Every_truncation_is_a_format_error_not_a_crash()
    {
        byte[] encoded = LogBatchCodec.Encode(Sample());
        for (int length = 0; length < encoded.Length; length++)
        {
            var error = Assert.Throws<LogFormatException>(() => LogBatchCodec.Decode(encoded.AsSpan(0, length)));
            Assert.InRange(error.Offset, 0, length);
        }
    }

    [Fact]
    public void Trailing_bytes_unknown_kinds_and_versions_are_refused()
    {
        byte[] encoded = LogBatchCodec.Encode(Sample());
        Assert.Contains("trailing", Assert.Throws<LogFormatException>(() => LogBatchCodec.Decode([.. encoded, 0])).Message);

        byte[] badVersion = (byte[])encoded.Clone();
        badVersion[0] = 9;
        Assert.Contains("version 9", Assert.Throws<LogFormatException>(() => LogBatchCodec.Decode(badVersion)).Message);

        byte[] badKind = LogBatchCodec.Encode(new LogBatch(0, 0, [new ConnectEntry(1)]));
        badKind[21] = 99;
        var error = Assert.Throws<LogFormatException>(() => LogBatchCodec.Decode(badKind));
        Assert.Equal(21, error.Offset);
        Assert.Contains("kind 99", error.Message);
    }

    [Fact]
    public void Oversized_lengths_and_counts_are_refused_before_allocation()
    {
        byte[] hugeCount = LogBatchCodec.Encode(new LogBatch(0, 0, []));
        BitConverter.TryWriteBytes(hugeCount.AsSpan(17), uint.MaxValue);
        Assert.Contains("entry count", Assert.Throws<LogFormatException>(() => LogBatchCodec.Decode(hugeCount)).Message);

        byte[] hugeData = LogBatchCodec.Encode(new LogBatch(0, 0, [new DataEntry(1, new byte[3])]));
        BitConverter.TryWriteBytes(hugeData.AsSpan(30), uint.MaxValue);
        Assert.Contains("exceeds", Assert.Throws<LogFormatException>(() => LogBatchCodec.Decode(hugeData)).Message);
    }

    [Fact]
    public void Random_bytes_never_escape_as_anything_but_a_format_error()
    {
        var prng = new Random(1234);
        byte[] valid = LogBatchCodec.Encode(Sample());
        for (int i = 0; i < 2000; i++)
        {
            byte[] mutated = (byte[])valid.Clone();
            for (int flips = prng.Next(1, 4); flips > 0; flips--) mutated[prng.Next(mutated.Length)] = (byte)prng.Next(256);
            try { LogBatchCodec.Decode(mutated); }
            catch (LogFormatException) { }
        }
    }
}
