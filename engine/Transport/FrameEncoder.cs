using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>Writes messages as frames: a u32 big-endian body length, then the protobuf body.</summary>
internal static class FrameEncoder
{
    /// <summary>Encodes an envelope into a pooled buffer.</summary>
    /// <exception cref="ArgumentException">The envelope has no kind: the receiver would refuse it.</exception>
    /// <exception cref="FrameException">The body is larger than <see cref="WireProtocol.FrameBytesMax"/>.</exception>
    public static OutboundFrame Encode(Envelope message)
    {
        if (message.KindCase == Envelope.KindOneofCase.None)
            throw new ArgumentException("an envelope must carry a message kind", nameof(message));
        int size = message.CalculateSize();
        if (size > WireProtocol.FrameBytesMax)
            throw new FrameException(FrameError.Oversized,
                $"a {message.KindCase} envelope of {size} bytes exceeds the {WireProtocol.FrameBytesMax}-byte frame limit");
        byte[] buffer = ArrayPool<byte>.Shared.Rent(WireProtocol.FramePrefixBytes + size);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)size);
        message.WriteTo(buffer.AsSpan(WireProtocol.FramePrefixBytes, size));
        return new OutboundFrame(buffer, WireProtocol.FramePrefixBytes + size, message.KindCase);
    }

    /// <summary>Encodes a hello frame into a fresh array (it is sent once per connection).</summary>
    public static byte[] EncodeHello(PeerHello hello)
    {
        int size = hello.CalculateSize();
        if (size > WireProtocol.HelloBytesMax)
            throw new ArgumentException($"a hello of {size} bytes exceeds the {WireProtocol.HelloBytesMax}-byte limit", nameof(hello));
        byte[] frame = new byte[WireProtocol.FramePrefixBytes + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)size);
        hello.WriteTo(frame.AsSpan(WireProtocol.FramePrefixBytes));
        return frame;
    }
}
