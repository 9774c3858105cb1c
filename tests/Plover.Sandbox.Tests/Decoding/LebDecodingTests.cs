using Plover.Sandbox.Decoding;

namespace Plover.Sandbox.Tests.Decoding;

public class LebDecodingTests
{
    private static WasmReader Reader(params byte[] bytes) => new(bytes, 0, bytes.Length);

    [Theory]
    [InlineData(new byte[] { 0x00 }, 0u)]
    [InlineData(new byte[] { 0x7F }, 127u)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128u)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, 0u)]          // padded zero, as wasm-ld emits
    [InlineData(new byte[] { 0x85, 0x80, 0x80, 0x80, 0x00 }, 5u)]          // padded 5
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, uint.MaxValue)]
    public void Unsigned32AcceptsMinimalAndPaddedForms(byte[] bytes, uint expected)
    {
        WasmReader reader = Reader(bytes);
        Assert.Equal(expected, reader.ReadU32());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void Unsigned32LongerThanFiveBytesIsMalformedAtTheFifthByte()
    {
        var e = Assert.Throws<WasmModuleException>(() => Reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).ReadU32());
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
        Assert.Equal(4, e.Offset);
        Assert.Contains("integer representation too long", e.Reason);
    }

    [Fact]
    public void Unsigned32WithBitsBeyond32IsTooLarge()
    {
        var e = Assert.Throws<WasmModuleException>(() => Reader(0xFF, 0xFF, 0xFF, 0xFF, 0x1F).ReadU32());
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
        Assert.Contains("integer too large", e.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F }, -1)]
    [InlineData(new byte[] { 0xFF, 0x7F }, -1)]                             // padded -1
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x78 }, int.MinValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, int.MaxValue)]
    [InlineData(new byte[] { 0xC0, 0x00 }, 64)]
    public void Signed32SignExtends(byte[] bytes, int expected) => Assert.Equal(expected, Reader(bytes).ReadS32());

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x4F })]               // bit 31 clear, upper bits set
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 })]               // bit 31 clear, not a sign extension
    public void Signed32UpperBitsMustRepeatTheSign(byte[] bytes)
    {
        var e = Assert.Throws<WasmModuleException>(() => Reader(bytes).ReadS32());
        Assert.Contains("integer too large", e.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F }, long.MinValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 }, long.MaxValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, -1L)]
    public void Signed64CoversTheWholeRange(byte[] bytes, long expected) => Assert.Equal(expected, Reader(bytes).ReadS64());

    [Fact]
    public void Signed64TenthByteMustBeASignExtension()
    {
        var e = Assert.Throws<WasmModuleException>(() => Reader(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01).ReadS64());
        Assert.Contains("integer too large", e.Reason);
    }

    [Fact]
    public void ReadingPastTheEndReportsTheOffset()
    {
        var e = Assert.Throws<WasmModuleException>(() => Reader(0x80, 0x80).ReadU32());
        Assert.Equal(ModuleErrorKind.Malformed, e.Kind);
        Assert.Equal(2, e.Offset);
    }

    [Fact]
    public void NamesMustBeValidUtf8()
    {
        Assert.Equal("é", Reader(0x02, 0xC3, 0xA9).ReadName());
        var e = Assert.Throws<WasmModuleException>(() => Reader(0x02, 0xC3, 0x28).ReadName());
        Assert.Contains("malformed UTF-8 encoding", e.Reason);
        Assert.Equal(1, e.Offset);
    }
}
