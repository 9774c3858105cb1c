using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>
/// Reads frames from a stream, strictly: a length above the limit, a stream ending inside a
/// frame, a body that does not parse or an envelope of no known kind each throw a
/// <see cref="FrameException"/>. The length is checked before any buffer is taken, so a hostile
/// prefix costs nothing.
/// </summary>
internal sealed class FrameReader
{
    /// <summary>A body is read in pieces of at most this size, so progress shows during a long frame.</summary>
    private const int ReadChunkBytesMax = 64 * 1024;

    private readonly Stream stream;
    private readonly TimeProvider time;
    private readonly byte[] prefix = new byte[WireProtocol.FramePrefixBytes];
    private long lastProgress;

    public FrameReader(Stream stream, TimeProvider time)
    {
        this.stream = stream;
        this.time = time;
        lastProgress = time.GetTimestamp();
    }

    /// <summary>When bytes last arrived (a <see cref="TimeProvider"/> timestamp): a dead connection is one where this stops moving.</summary>
    public long LastProgress => Volatile.Read(ref lastProgress);

    /// <summary>Restarts the idle clock, after a pause that was ours (the engine was not reading).</summary>
    public void MarkProgress() => Volatile.Write(ref lastProgress, time.GetTimestamp());

    /// <summary>The next envelope, or null when the stream ends cleanly between two frames.</summary>
    public async ValueTask<ReceivedEnvelope?> ReadEnvelopeAsync(CancellationToken cancellation)
    {
        int? length = await ReadPrefixAsync(WireProtocol.FrameBytesMax, cancellation).ConfigureAwait(false);
        if (length is not { } size) return null;
        byte[] body = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            await ReadBodyAsync(body, size, cancellation).ConfigureAwait(false);
            Envelope envelope = Parse(Envelope.Parser, body.AsSpan(0, size), "envelope");
            if (envelope.KindCase == Envelope.KindOneofCase.None)
                throw new FrameException(FrameError.UnknownKind, $"a {size}-byte envelope carries no kind this node knows (a newer peer?)");
            return new ReceivedEnvelope(envelope, WireProtocol.FramePrefixBytes + size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>The peer's hello, which must be the first frame.</summary>
    public async ValueTask<PeerHello> ReadHelloAsync(CancellationToken cancellation)
    {
        int? length = await ReadPrefixAsync(WireProtocol.HelloBytesMax, cancellation).ConfigureAwait(false);
        if (length is not { } size) throw new FrameException(FrameError.Truncated, "the connection ended before the peer's hello");
        byte[] body = new byte[size];
        await ReadBodyAsync(body, size, cancellation).ConfigureAwait(false);
        return Parse(PeerHello.Parser, body, "hello");
    }

    private async ValueTask<int?> ReadPrefixAsync(int bytesMax, CancellationToken cancellation)
    {
        int read = await stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellation).ConfigureAwait(false);
        MarkProgress();
        if (read == 0) return null;
        if (read < prefix.Length)
            throw new FrameException(FrameError.Truncated, $"the connection ended {read} bytes into a {prefix.Length}-byte frame prefix");
        uint length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length > bytesMax)
            throw new FrameException(FrameError.Oversized, $"a length prefix of {length} bytes exceeds the {bytesMax}-byte limit");
        return (int)length;
    }

    private async ValueTask ReadBodyAsync(byte[] body, int size, CancellationToken cancellation)
    {
        int done = 0;
        while (done < size)
        {
            int chunk = Math.Min(size - done, ReadChunkBytesMax);
            int read = await stream.ReadAtLeastAsync(body.AsMemory(done, chunk), chunk, throwOnEndOfStream: false, cancellation).ConfigureAwait(false);
            MarkProgress();
            done += read;
            if (read < chunk)
                throw new FrameException(FrameError.Truncated, $"the connection ended after {done} of a frame's {size} bytes");
        }
    }

    private static T Parse<T>(MessageParser<T> parser, ReadOnlySpan<byte> body, string what) where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FrameException(FrameError.Unparsable, $"a {body.Length}-byte {what} is not valid protobuf: {e.Message}", e);
        }
    }
}
