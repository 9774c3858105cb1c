using Plover.Engine.Transport;
using Plover.Engine.Wire;

namespace Plover.Engine.Tests.Transport;

/// <summary>Encodes through the transport's encoder and hands back plain bytes (returning the pooled buffer).</summary>
internal static class FrameEncoderFacade
{
    public static byte[] Encode(Envelope message)
    {
        OutboundFrame frame = FrameEncoder.Encode(message);
        try
        {
            return frame.Bytes.ToArray();
        }
        finally
        {
            frame.ReturnBuffer();
        }
    }
}
