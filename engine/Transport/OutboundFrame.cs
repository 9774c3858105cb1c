using System.Buffers;
using Plover.Engine.Wire;

namespace Plover.Engine.Transport;

/// <summary>
/// An encoded frame (prefix and body) waiting to be written, in a buffer rented from the shared
/// pool. Whoever holds it last returns the buffer: the writer after writing, the outbox on close.
/// </summary>
internal readonly record struct OutboundFrame(byte[] Buffer, int Length, Envelope.KindOneofCase Kind)
{
    public ReadOnlyMemory<byte> Bytes => Buffer.AsMemory(0, Length);

    public void ReturnBuffer() => ArrayPool<byte>.Shared.Return(Buffer);
}
