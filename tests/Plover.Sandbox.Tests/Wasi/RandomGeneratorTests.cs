using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Tests.Wasi;

public class RandomGeneratorTests
{
    // Published reference outputs: SplitMix64 from seed 0, and xoshiro256** from state {1, 2, 3, 4}.
    [Fact]
    public void SplitMix64_matches_the_reference_sequence_from_seed_zero()
    {
        var generator = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, generator.Next());
        Assert.Equal(0x6E789E6AA1B965F4UL, generator.Next());
        Assert.Equal(0x06C45D188009454FUL, generator.Next());
    }

    [Fact]
    public void Xoshiro256StarStar_matches_the_reference_sequence()
    {
        var generator = new Xoshiro256StarStar(1, 2, 3, 4);
        ulong[] expected = [11520, 0, 1509978240, 1215971899390074240, 1216172134540287360, 607988272756665600];
        foreach (ulong value in expected) Assert.Equal(value, generator.Next());
    }

    [Fact]
    public void An_all_zero_state_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Xoshiro256StarStar(0, 0, 0, 0));
    }

    [Fact]
    public void Fill_takes_whole_words_little_endian_and_drops_the_rest_of_a_partial_word()
    {
        var reference = new Xoshiro256StarStar(1, 2, 3, 4);
        var generator = new Xoshiro256StarStar(1, 2, 3, 4);
        var bytes = new byte[11];
        generator.Fill(bytes);
        Assert.Equal(BitConverter.GetBytes(reference.Next()), bytes[..8]);
        Assert.Equal(BitConverter.GetBytes(reference.Next())[..3], bytes[8..]);
        Assert.Equal(reference.Next(), generator.Next());
    }

    [Fact]
    public void The_same_seed_gives_the_same_stream_and_another_seed_another()
    {
        Xoshiro256StarStar a = Xoshiro256StarStar.FromSeed(7), b = Xoshiro256StarStar.FromSeed(7), c = Xoshiro256StarStar.FromSeed(8);
        ulong[] first = Enumerable.Range(0, 16).Select(_ => a.Next()).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 16).Select(_ => b.Next()).ToArray());
        Assert.NotEqual(first, Enumerable.Range(0, 16).Select(_ => c.Next()).ToArray());
    }
}
