using Plover.Engine.Security;

namespace Plover.Engine.Tests.Security;

public class NodeIdentityTests
{
    [Fact]
    public void Identity_round_trips_through_its_uri()
    {
        var identity = new NodeIdentity("0f8e2c1a-7b7d-4c55-9d0e-3a1b2c3d4e5f", 3);
        Uri uri = identity.ToUri();
        Assert.Equal("plover://0f8e2c1a-7b7d-4c55-9d0e-3a1b2c3d4e5f/node/3", uri.OriginalString);
        Assert.True(NodeIdentity.TryParseUri(uri.OriginalString, out NodeIdentity? parsed));
        Assert.Equal(identity, parsed);
    }

    [Theory]
    [InlineData("https://c1/node/1")]
    [InlineData("plover://c1/node/")]
    [InlineData("plover://c1/node/01")]
    [InlineData("plover://c1/node/0")]
    [InlineData("plover://c1/node/65")]
    [InlineData("plover://c1/node/1/extra")]
    [InlineData("plover://c1/nodes/1")]
    [InlineData("plover://C1/node/1")]
    [InlineData("plover:///node/1")]
    [InlineData("plover://c1/node/-1")]
    public void Malformed_identity_uris_are_not_identities(string text)
    {
        Assert.False(NodeIdentity.TryParseUri(text, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    public void Invalid_cluster_ids_are_refused(string clusterId)
    {
        Assert.Throws<ArgumentException>(() => new NodeIdentity(clusterId, 1));
    }

    [Fact]
    public void Node_id_out_of_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NodeIdentity("c1", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NodeIdentity("c1", NodeIdentity.NodeIdMax + 1));
    }
}
