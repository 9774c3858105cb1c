using System.Buffers.Binary;
using Google.Protobuf;
using Plover.Engine.Transport;
using Plover.Engine.Wire;

namespace Plover.Engine.Tests.Transport;

public class FrameCodecTests
{
    private static FrameReader ReaderOver(byte[] bytes) => new(new MemoryStream(bytes), TimeProvider.System);

    [Fact]
    public async Task Consecutive_envelopes_are_read_back_and_the_stream_ends_cleanly()
    {
        Envelope first = TestMesh.Consensus(1, 1, 10);
        var second = new Envelope { EpochDigest = new EpochDigest { Epoch = 9, StateDigest = 0xDEADBEEFCAFEF00D } };
        byte[] firstBytes = FrameEncoderFacade.Encode(first);
        FrameReader reader = ReaderOver([.. firstBytes, .. FrameEncoderFacade.Encode(second)]);

        ReceivedEnvelope? a = await reader.ReadEnvelopeAsync(CancellationToken.None);
        ReceivedEnvelope? b = await reader.ReadEnvelopeAsync(CancellationToken.None);
        ReceivedEnvelope? end = await reader.ReadEnvelopeAsync(CancellationToken.None);

        Assert.Equal(first, a?.Message);
        Assert.Equal(firstBytes.Length, a?.WireBytes);
        Assert.Equal(second, b?.Message);
        Assert.Null(end);
    }

    [Fact]
    public void Frame_is_a_big_endian_length_then_the_protobuf_body()
    {
        Envelope message = TestMesh.Consensus(2, 3, 5);
        byte[] frame = FrameEncoderFacade.Encode(message);
        Assert.Equal((uint)message.CalculateSize(), BinaryPrimitives.ReadUInt32BigEndian(frame));
        Assert.Equal(message.ToByteArray(), frame[4..]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Stream_ending_inside_the_prefix_is_truncated(int prefixBytes)
    {
        byte[] frame = FrameEncoderFacade.Encode(TestMesh.Consensus(1, 1));
        FrameError error = await ReadErrorAsync(frame[..prefixBytes]);
        Assert.Equal(FrameError.Truncated, error);
    }

    [Fact]
    public async Task Stream_ending_inside_the_body_is_truncated()
    {
        byte[] frame = FrameEncoderFacade.Encode(TestMesh.Consensus(1, 1, 100_000));
        Assert.Equal(FrameError.Truncated, await ReadErrorAsync(frame[..^1]));
    }

    [Fact]
    public async Task Length_over_the_limit_is_refused_without_reading_the_body()
    {
        byte[] prefix = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, WireProtocol.FrameBytesMax + 1);
        var stream = new MemoryStream([.. prefix, 1, 2, 3]);
        var reader = new FrameReader(stream, TimeProvider.System);

        var error = await Assert.ThrowsAsync<FrameException>(async () => await reader.ReadEnvelopeAsync(CancellationToken.None));

        Assert.Equal(FrameError.Oversized, error.Error);
        Assert.Equal(4, stream.Position);
    }

    [Fact]
    public async Task Garbage_body_is_unparsable()
    {
        Assert.Equal(FrameError.Unparsable, await ReadErrorAsync(RawPeer.Frame([0x0A, 0x7F, 0x01])));
    }

    [Fact]
    public async Task Envelope_of_an_unknown_kind_is_refused()
    {
        // Field 99, varint 1: parses, but sets no kind this node knows.
        byte[] body = [0x98, 0x06, 0x01];
        Assert.Equal(FrameError.UnknownKind, await ReadErrorAsync(RawPeer.Frame(body)));
    }

    [Fact]
    public async Task Hello_over_its_limit_is_refused()
    {
        byte[] frame = RawPeer.Frame(new PeerHello { ClusterId = new string('a', WireProtocol.HelloBytesMax), NodeId = 1 }.ToByteArray());
        var reader = ReaderOver(frame);
        var error = await Assert.ThrowsAsync<FrameException>(async () => await reader.ReadHelloAsync(CancellationToken.None));
        Assert.Equal(FrameError.Oversized, error.Error);
    }

    [Fact]
    public async Task Missing_hello_is_truncated()
    {
        var error = await Assert.ThrowsAsync<FrameException>(async () => await ReaderOver([]).ReadHelloAsync(CancellationToken.None));
        Assert.Equal(FrameError.Truncated, error.Error);
    }

    [Fact]
    public void Envelope_without_a_kind_cannot_be_sent()
    {
        Assert.Throws<ArgumentException>(() => FrameEncoderFacade.Encode(new Envelope()));
    }

    [Fact]
    public void Every_kind_has_a_dense_counter_index()
    {
        var kinds = Enum.GetValues<Envelope.KindOneofCase>().Where(k => k != Envelope.KindOneofCase.None).ToList();
        Assert.Equal(Enumerable.Range(0, kinds.Count), kinds.Select(FrameKinds.IndexOf).Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameKinds.IndexOf(Envelope.KindOneofCase.None));
    }

    private static async Task<FrameError> ReadErrorAsync(byte[] bytes)
    {
        FrameReader reader = ReaderOver(bytes);
        var error = await Assert.ThrowsAsync<FrameException>(async () => await reader.ReadEnvelopeAsync(CancellationToken.None));
        return error.Error;
    }
}
