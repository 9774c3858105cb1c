using Plover.Sandbox.Hashing;

namespace Plover.Sandbox.Tests.Hashing;

public class Xxh3Tests
{
    // The reference input of xxHash's own sanity check: a byte generator seeded with PRIME32 and
    // stepped by PRIME64, taking the top byte each time.
    private static byte[] SanityBuffer(int length)
    {
        const ulong prime32 = 2654435761UL;
        const ulong prime64 = 11400714785074694797UL;
        var buffer = new byte[length];
        ulong generator = prime32;
        for (int i = 0; i < length; i++)
        {
            buffer[i] = (byte)(generator >> 56);
            generator *= prime64;
        }
        return buffer;
    }

    // XXH3_64bits with seed 0, from xxHash's published sanity-check table; the lengths cover
    // every internal code path (0, 1-3, 4-8, 9-16, 17-32, 33-64, 65-96, 129-240, multi-block).
    [Theory]
    [InlineData(0, 0x2D06800538D394C2UL)]
    [InlineData(1, 0xC44BDFF4074EECDBUL)]
    [InlineData(6, 0x27B56A84CD2D7325UL)]
    [InlineData(12, 0xA713DAF0DFBB77E7UL)]
    [InlineData(24, 0xA3FE70BF9D3510EBUL)]
    [InlineData(48, 0x397DA259ECBA1F11UL)]
    [InlineData(80, 0xBCDEFBBB2C47C90AUL)]
    [InlineData(195, 0xCD94217EE362EC3AUL)]
    [InlineData(403, 0xCDEB804D65C6DEA4UL)]
    [InlineData(512, 0x617E49599013CB6BUL)]
    [InlineData(2048, 0xDD59E2C3A5F038E0UL)]
    [InlineData(2240, 0x6E73A90539CF2948UL)]
    [InlineData(2367, 0xCB37AEB9E5D361EDUL)]
    public void Matches_the_reference_vectors(int length, ulong expected)
    {
        Assert.Equal(expected, Xxh3.Hash(SanityBuffer(length)));
    }

    [Fact]
    public unsafe void Pointer_and_span_overloads_agree_on_a_page()
    {
        byte[] page = SanityBuffer(4096);
        fixed (byte* p = page) Assert.Equal(Xxh3.Hash(page), Xxh3.Hash(p, (nuint)page.Length));
    }

    [Fact]
    public void One_flipped_bit_changes_the_hash()
    {
        byte[] page = SanityBuffer(4096);
        ulong before = Xxh3.Hash(page);
        page[1234] ^= 0x10;
        Assert.NotEqual(before, Xxh3.Hash(page));
    }
}
