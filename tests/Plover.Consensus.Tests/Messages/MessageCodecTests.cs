using Plover.Consensus.Messages;

namespace Plover.Consensus.Tests.Messages;

public class MessageCodecTests
{
    private static readonly SlotValue Batch = SlotValue.Batch([[1, 2, 3], [], new byte[300]]);

    public static TheoryData<PaxosMessage> EveryKind() =>
    [
        new Prepare(1, new Ballot(7, 1), 12, 11),
        new Promise(2, new Ballot(7, 1), 12, 11, 0, [new LogEntry(12, new Ballot(3, 3), Batch), new LogEntry(14, new Ballot(5, 2), SlotValue.NoOp)]),
        new Promise(2, new Ballot(7, 1), 12, 11, 99, []),
        new Accept(1, new Ballot(1UL << 40, 1), 1UL << 33, 5, [Batch, SlotValue.NoOp]),
        new Accepted(3, new Ballot(7, 1), 100, 90, 120),
        new Accepted(3, new Ballot(7, 1), 90, 90, 0, Learner: true),
        new Promote(1, new Ballot(7, 1), 88),
        new Heartbeat(1, new Ballot(7, 1), 42),
        new Rejected(2, new Ballot(7, 1), new Ballot(8, 3), 40, RejectReason.HigherBallot),
        new Rejected(2, new Ballot(7, 1), new Ballot(6, 3), 40, RejectReason.CandidateBehind),
        new InstallSnapshot(1, new Ballot(7, 1), 500, 510, [9, 8, 7]),
    ];

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_message_kind_round_trips(PaxosMessage message)
    {
        byte[] bytes = MessageCodec.Encode(message);
        PaxosMessage decoded = MessageCodec.Decode(bytes);

        Assert.Equal(message.GetType(), decoded.GetType());
        Assert.Equal(message.Kind, decoded.Kind);
        Assert.Equal(message.From, decoded.From);
        Assert.Equal(message.Ballot, decoded.Ballot);
        Assert.Equal(bytes, MessageCodec.Encode(decoded));
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_truncation_is_a_format_error_naming_a_field_never_an_index_error(PaxosMessage message)
    {
        byte[] bytes = MessageCodec.Encode(message);
        for (int length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<MessageFormatException>(() => MessageCodec.Decode(bytes.AsSpan(0, length)));
            Assert.False(string.IsNullOrEmpty(error.Field));
            Assert.InRange(error.Offset, 0, length);
        }
    }

    [Fact]
    public void Trailing_bytes_an_unknown_kind_or_version_and_a_bad_sender_are_refused()
    {
        byte[] heartbeat = MessageCodec.Encode(new Heartbeat(1, new Ballot(2, 1), 3));
        Assert.Contains("trailing", Assert.Throws<MessageFormatException>(() => MessageCodec.Decode([.. heartbeat, 0])).Problem);
        Assert.Equal("kind", Fail(heartbeat, 1, 99).Field);
        Assert.Equal("version", Fail(heartbeat, 0, 2).Field);
        Assert.Equal("from", Fail(heartbeat, 2, 0).Field);
    }

    [Fact]
    public void An_overlong_varint_is_refused()
    {
        byte[] bytes = [MessageCodec.Version, (byte)MessageKind.Heartbeat, 1, .. Enumerable.Repeat((byte)0xFF, 10), 0x01, 0];
        var error = Assert.Throws<MessageFormatException>(() => MessageCodec.Decode(bytes));
        Assert.Equal("ballot", error.Field);
        Assert.Contains("varint", error.Problem);
    }

    [Fact]
    public void A_payload_longer_than_its_message_is_refused_naming_the_value()
    {
        var accept = new Accept(1, new Ballot(1, 1), 1, 0, [SlotValue.NoOp, SlotValue.Batch([new byte[10]])]);
        byte[] bytes = MessageCodec.Encode(accept);
        // The last payload's length byte sits just before its ten bytes: claim far more.
        bytes[^11] = 100;
        var error = Assert.Throws<MessageFormatException>(() => MessageCodec.Decode(bytes));
        Assert.StartsWith("Accept.values[1]", error.Field);
        Assert.Contains("truncated", error.Problem);
    }

    [Fact]
    public void Semantic_field_rules_are_checked()
    {
        byte[] accepted = MessageCodec.Encode(new Accepted(2, new Ballot(1, 1), 5, 5, 0));
        accepted[^3] = 6; // commit above through
        Assert.Equal("Accepted.commit", Assert.Throws<MessageFormatException>(() => MessageCodec.Decode(accepted)).Field);
        accepted[^3] = 5;
        accepted[^1] = 2; // an unknown flag
        Assert.Equal("Accepted.flags", Assert.Throws<MessageFormatException>(() => MessageCodec.Decode(accepted)).Field);
        byte[] learner = MessageCodec.Encode(new Accepted(2, new Ballot(1, 1), 5, 4, 0) with { Learner = true });
        Assert.Equal("Accepted.through", Assert.Throws<MessageFormatException>(() => MessageCodec.Decode(learner)).Field);

        byte[] rejected = MessageCodec.Encode(new Rejected(2, new Ballot(1, 1), new Ballot(2, 2), 0, RejectReason.HigherBallot));
        rejected[^1] = 9;
        Assert.Equal("Rejected.reason", Assert.Throws<MessageFormatException>(() => MessageCodec.Decode(rejected)).Field);

        var unordered = new Promise(2, new Ballot(3, 1), 1, 0, 0, [new LogEntry(5, new Ballot(1, 1), SlotValue.NoOp), new LogEntry(4, new Ballot(1, 1), SlotValue.NoOp)]);
        var error = Assert.Throws<MessageFormatException>(() => MessageCodec.Decode(MessageCodec.Encode(unordered)));
        Assert.Equal("Promise.entries[1].slot", error.Field);

        byte[] emptyAccept = [MessageCodec.Version, (byte)MessageKind.Accept, 1, 1, 1, 0, 0];
        Assert.Equal("Accept.count", Assert.Throws<MessageFormatException>(() => MessageCodec.Decode(emptyAccept)).Field);
    }

    [Fact]
    public void Slot_values_round_trip_and_an_unknown_value_kind_is_refused()
    {
        Assert.Equal(Batch, SlotValueCodec.Decode(SlotValueCodec.Encode(Batch)));
        Assert.Same(SlotValue.NoOp, SlotValueCodec.Decode(SlotValueCodec.Encode(SlotValue.NoOp)));
        Assert.Equal(SlotValueCodec.EncodedLength(Batch), SlotValueCodec.Encode(Batch).Length);
        Assert.Equal("value.kind", Assert.Throws<MessageFormatException>(() => SlotValueCodec.Decode([7])).Field);
        Assert.Equal("value.count", Assert.Throws<MessageFormatException>(() => SlotValueCodec.Decode([1, 0])).Field);
    }

    private static MessageFormatException Fail(byte[] bytes, int index, byte value)
    {
        byte[] copy = bytes.ToArray();
        copy[index] = value;
        return Assert.Throws<MessageFormatException>(() => MessageCodec.Decode(copy));
    }
}
