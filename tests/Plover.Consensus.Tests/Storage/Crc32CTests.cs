using System.Text;
using Plover.Consensus.Storage;

namespace Plover.Consensus.Tests.Storage;

public class Crc32CTests
{
    // The check value of CRC-32C, and the iSCSI test vectors of RFC 3720 appendix B.4.
    public static TheoryData<byte[], uint> KnownVectors() => new()
    {
        { Encoding.ASCII.GetBytes("123456789"), 0xE3069283 },
        { [], 0x00000000 },
        { new byte[32], 0x8A9136AA },
        { Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43 },
        { Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794E },
        { Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5C },
    };

    [Theory]
    [MemberData(nameof(KnownVectors))]
    public void Both_paths_match_the_known_vectors(byte[] data, uint expected)
    {
        Assert.Equal(expected, Crc32C.Compute(data));
        Assert.Equal(expected, Crc32C.ComputeSoftware(data));
    }

    [Fact]
    public void Hardware_and_software_agree_and_appending_equals_computing_at_once()
    {
        var random = new DeterministicRandom(99);
        for (int length = 0; length < 300; length++)
        {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) data[i] = (byte)random.NextUInt64();
            uint whole = Crc32C.Compute(data);
            Assert.Equal(Crc32C.ComputeSoftware(data), whole);
            int split = length / 3;
            Assert.Equal(whole, Crc32C.Append(Crc32C.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }
}
