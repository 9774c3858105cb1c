using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Tests.Wasi;

public class ArgsAndEnvironmentTests
{
    [Fact]
    public void Args_sizes_count_each_argument_with_its_terminator()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Success, wasi.Os.ArgsSizesGet(wasi.Memory, WasiFixture.OutAt, WasiFixture.Out2At));
        Assert.Equal(3u, wasi.Memory.U32(WasiFixture.OutAt));
        Assert.Equal((uint)"kv\0--port\06379\0".Length, wasi.Memory.U32(WasiFixture.Out2At));
    }

    [Fact]
    public void Args_get_writes_pointers_into_the_packed_string_buffer()
    {
        using var wasi = new WasiFixture();
        const uint pointers = 0x400, buffer = 0x500;
        Assert.Equal(WasiErrno.Success, wasi.Os.ArgsGet(wasi.Memory, pointers, buffer));
        Assert.Equal(buffer, wasi.Memory.U32(pointers));
        Assert.Equal(buffer + 3, wasi.Memory.U32(pointers + 4));
        Assert.Equal(buffer + 10, wasi.Memory.U32(pointers + 8));
        Assert.Equal("kv\0--port\06379\0", wasi.Memory.Text(buffer, 15));
    }

    [Fact]
    public void Environ_get_joins_names_and_values_in_the_configured_order()
    {
        using var wasi = new WasiFixture();
        const uint pointers = 0x400, buffer = 0x500;
        Assert.Equal(WasiErrno.Success, wasi.Os.EnvironSizesGet(wasi.Memory, WasiFixture.OutAt, WasiFixture.Out2At));
        Assert.Equal(2u, wasi.Memory.U32(WasiFixture.OutAt));
        Assert.Equal(23u, wasi.Memory.U32(WasiFixture.Out2At));
        Assert.Equal(WasiErrno.Success, wasi.Os.EnvironGet(wasi.Memory, pointers, buffer));
        Assert.Equal("HOME=/\0MODE=replicated\0", wasi.Memory.Text(buffer, 23));
        Assert.Equal(buffer + 7, wasi.Memory.U32(pointers + 4));
    }

    [Fact]
    public void Non_ascii_arguments_are_utf8()
    {
        using var wasi = new WasiFixture(new WasiConfiguration { Arguments = ["prog", "héllo"] });
        Assert.Equal(WasiErrno.Success, wasi.Os.ArgsSizesGet(wasi.Memory, WasiFixture.OutAt, WasiFixture.Out2At));
        Assert.Equal(5u + 7u, wasi.Memory.U32(WasiFixture.Out2At));
    }

    [Fact]
    public void A_buffer_that_does_not_fit_is_efault_and_nothing_is_written()
    {
        using var wasi = new WasiFixture();
        Assert.Equal(WasiErrno.Fault, wasi.Os.ArgsGet(wasi.Memory, 0x400, (uint)wasi.Memory.Size - 10));
        Assert.Equal(WasiErrno.Fault, wasi.Os.EnvironGet(wasi.Memory, (uint)wasi.Memory.Size - 4, 0x500));
        Assert.Equal(WasiErrno.Fault, wasi.Os.EnvironSizesGet(wasi.Memory, WasiFixture.OutAt, uint.MaxValue - 1));
        Assert.Empty(wasi.Memory.Writes);
    }

    [Theory]
    [InlineData("a\0b", null, null)]
    [InlineData("prog", "A=B", "x")]
    [InlineData("prog", "", "x")]
    [InlineData("prog", "A", "x\0")]
    public void Configuration_with_unrepresentable_strings_is_refused(string argument, string? key, string? value)
    {
        var configuration = new WasiConfiguration
        {
            Arguments = [argument],
            Environment = key is null ? [] : [new(key, value!)],
        };
        Assert.Throws<ArgumentException>(() => new WasiLibraryOs(configuration));
    }
}
