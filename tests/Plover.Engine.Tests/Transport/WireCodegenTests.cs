using Google.Protobuf;
using Plover.Engine.Wire;

namespace Plover.Engine.Tests.Transport;

public class WireCodegenTests
{
    [Fact]
    public void Generated_hello_round_trips_through_its_binary_form()
    {
        var hello = new PeerHello { ClusterId = "7f1c-cluster", NodeId = 2, ProtocolVersion = 1 };
        byte[] bytes = hello.ToByteArray();
        PeerHello parsed = PeerHello.Parser.ParseFrom(bytes);
        Assert.Equal(hello, parsed);
        Assert.Equal("7f1c-cluster", parsed.ClusterId);
    }

    [Fact]
    public void Truncated_frame_is_rejected()
    {
        byte[] bytes = new PeerHello { ClusterId = "cluster-with-a-long-id", NodeId = 3 }.ToByteArray();
        Assert.Throws<InvalidProtocolBufferException>(() => PeerHello.Parser.ParseFrom(bytes.AsSpan(0, bytes.Length - 5).ToArray()));
    }
}
