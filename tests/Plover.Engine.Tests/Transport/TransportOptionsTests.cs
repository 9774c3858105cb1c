using System.Net;
using Plover.Engine.Security;
using Plover.Engine.Transport;

namespace Plover.Engine.Tests.Transport;

public class TransportOptionsTests
{
    private static readonly NodeIdentity Local = new("c1", 1);
    private static readonly TransportOptions Valid = new()
    {
        Peers = new Dictionary<uint, EndPoint> { [2] = new IPEndPoint(IPAddress.Loopback, 7000), [3] = new DnsEndPoint("node3", 7000) },
    };

    [Fact]
    public void Defaults_are_valid()
    {
        Valid.Validate(Local);
    }

    public static TheoryData<string, TransportOptions> Invalid => new()
    {
        { "no peers", Valid with { Peers = new Dictionary<uint, EndPoint>() } },
        { "ourselves as a peer", Valid with { Peers = new Dictionary<uint, EndPoint> { [1] = new IPEndPoint(IPAddress.Loopback, 1) } } },
        { "node id 0", Valid with { Peers = new Dictionary<uint, EndPoint> { [0] = new IPEndPoint(IPAddress.Loopback, 1) } } },
        { "inbound queue below one frame", Valid with { InboundQueueBytesMax = WireProtocol.FrameBytesMax } },
        { "outbound queue of nothing", Valid with { OutboundQueueBytesMax = 0 } },
        { "reconnect max below min", Valid with { ReconnectDelayMax = TimeSpan.FromMilliseconds(10) } },
        { "idle timeout too close to the heartbeat", Valid with { IdleTimeout = TimeSpan.FromMilliseconds(900) } },
        { "tiny write batch", Valid with { WriteBatchBytesMax = 16 } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Options_that_cannot_work_are_refused(string what, TransportOptions options)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => options.Validate(Local));
        Assert.False(string.IsNullOrEmpty(error.Message), what);
    }
}
