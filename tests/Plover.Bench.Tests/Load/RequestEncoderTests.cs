using System.Text;
using Plover.Bench.Load;

namespace Plover.Bench.Tests.Load;

public sealed class RequestEncoderTests
{
    [Fact]
    public void A_set_is_a_resp_array_with_a_twelve_digit_key_and_a_value_of_exactly_the_workload_size()
    {
        var encoder = new RequestEncoder(new Workload { ValueBytes = 5, Seed = 3 });
        var buffer = new byte[encoder.SetBytes];
        int length = encoder.WriteSet(buffer, 42);
        string value = Encoding.ASCII.GetString(encoder.Value);

        Assert.Equal(encoder.SetBytes, length);
        Assert.Equal($"*3\r\n$3\r\nSET\r\n$16\r\nkey:000000000042\r\n$5\r\n{value}\r\n", Encoding.ASCII.GetString(buffer));
        Assert.Equal(5, value.Length);
        Assert.All(value, c => Assert.InRange(c, 'a', 'z'));
    }

    [Fact]
    public void A_get_names_the_key_like_redis_benchmark_does()
    {
        var encoder = new RequestEncoder(new Workload());
        var buffer = new byte[encoder.GetBytes];
        encoder.WriteGet(buffer, Workload.KeysMax - 1);
        Assert.Equal("*2\r\n$3\r\nGET\r\n$16\r\nkey:999999999999\r\n", Encoding.ASCII.GetString(buffer));
        Assert.Equal("key:000000000007", RequestEncoder.KeyName(7));
    }

    [Fact]
    public void Values_follow_the_seed()
    {
        byte[] Value(ulong seed) => new RequestEncoder(new Workload { ValueBytes = 64, Seed = seed }).Value.ToArray();
        Assert.Equal(Value(1), Value(1));
        Assert.NotEqual(Value(1), Value(2));
    }

    [Fact]
    public void Keys_outside_the_key_space_and_bad_workloads_are_refused()
    {
        var encoder = new RequestEncoder(new Workload());
        var buffer = new byte[encoder.RequestBytesMax];
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.WriteGet(buffer, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.WriteSet(buffer, Workload.KeysMax));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestEncoder(new Workload { ValueBytes = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestEncoder(new Workload { ReadRatio = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestEncoder(new Workload { ReadRatio = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestEncoder(new Workload { Keys = 0 }));
    }
}
