using System.Buffers.Binary;
using Plover.Sandbox.Guest.State;
using Plover.Sandbox.Hashing;

namespace Plover.Sandbox.Tests.Guest;

/// <summary>The serialized guest state round-trips exactly and refuses every defect with its offset.</summary>
public class GuestStateFormatTests
{
    private static GuestState Sample()
    {
        var page3 = new byte[4096];
        var page9 = new byte[4096];
        new Random(3).NextBytes(page3);
        page9[4095] = 0xEE;
        return new GuestState(0x1234_5678_9ABC_DEF0, 2, [new GuestPage(3, page3), new GuestPage(9, page9)],
            [new GuestGlobal(ValueKind.I32, true, 0x20_0000), new GuestGlobal(ValueKind.I64, false, ulong.MaxValue), new GuestGlobal(ValueKind.FuncRef, true, GuestGlobal.NullReference)],
            [new GuestTable(ValueKind.FuncRef, [-1, 4, 7])], [1, 2, 3, 4, 5]);
    }

    [Fact]
    public void RoundTripsEveryPart()
    {
        GuestState state = Sample();
        GuestState parsed = GuestState.Deserialize(state.Serialize());
        Assert.Equal(state.ModuleFingerprint, parsed.ModuleFingerprint);
        Assert.Equal(state.MemoryPages, parsed.MemoryPages);
        Assert.Equal(state.Pages.Select(p => p.Index), parsed.Pages.Select(p => p.Index));
        Assert.All(state.Pages.Zip(parsed.Pages), pair => Assert.Equal(pair.First.Bytes, pair.Second.Bytes));
        Assert.Equal(state.Globals, parsed.Globals);
        Assert.Equal(state.Tables[0].Elements, parsed.Tables[0].Elements);
        Assert.Equal(state.LibraryOs, parsed.LibraryOs);
        Assert.Equal(state.ComputeDigest(), parsed.ComputeDigest());
        Assert.Equal(state.Serialize(), parsed.Serialize());
    }

    [Fact]
    public void AnyFlippedBitFailsTheChecksum()
    {
        byte[] bytes = Sample().Serialize();
        var random = new Random(5);
        for (int i = 0; i < 50; i++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            int at = random.Next(10, damaged.Length - 8);  // past the magic and version, before the checksum
            damaged[at] ^= (byte)(1 << random.Next(8));
            var e = Assert.Throws<GuestStateFormatException>(() => GuestState.Deserialize(damaged));
            Assert.Contains("checksum", e.Message);
            Assert.Equal(damaged.Length - 8, e.Offset);
        }
    }

    [Fact]
    public void TruncationIsRefused()
    {
        byte[] bytes = Sample().Serialize();
        for (int length = 0; length < bytes.Length; length += 97)
            Assert.Throws<GuestStateFormatException>(() => GuestState.Deserialize(bytes[..length]));
    }

    [Fact]
    public void BadMagicAndVersionAreNamed()
    {
        byte[] bytes = Sample().Serialize();
        byte[] magic = (byte[])bytes.Clone();
        magic[0] = (byte)'X';
        Assert.Contains("bad magic", Assert.Throws<GuestStateFormatException>(() => GuestState.Deserialize(magic)).Message);
        byte[] version = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(version.AsSpan(8), 99);
        var e = Assert.Throws<GuestStateFormatException>(() => GuestState.Deserialize(version));
        Assert.Contains("version 99", e.Message);
        Assert.Equal(8, e.Offset);
    }

    [Fact]
    public void FieldsOutOfBoundsAreRefusedEvenWithAValidChecksum()
    {
        // Page indices out of order (the checksum recomputed, as a careless writer would).
        byte[] bytes = Sample().Serialize();
        int firstPageIndexAt = 8 + 2 + 8 + 4 + 4;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(firstPageIndexAt), 40);
        Reseal(bytes);
        var e = Assert.Throws<GuestStateFormatException>(() => GuestState.Deserialize(bytes));
        Assert.Equal(firstPageIndexAt, e.Offset);
        Assert.Contains("page index 40", e.Message);

        // A page count larger than the bytes that follow.
        byte[] count = Sample().Serialize();
        BinaryPrimitives.WriteUInt32LittleEndian(count.AsSpan(firstPageIndexAt - 4), 30);
        Reseal(count);
        Assert.Contains("30 pages", Assert.Throws<GuestStateFormatException>(() => GuestState.Deserialize(count)).Message);
    }

    [Fact]
    public void PagesMustBeWholeAndInsideMemory()
    {
        Assert.Throws<GuestStateException>(() => new GuestState(1, 1, [new GuestPage(16, new byte[4096])], [], [], []));
        Assert.Throws<GuestStateException>(() => new GuestState(1, 1, [new GuestPage(2, new byte[100])], [], [], []));
        Assert.Throws<GuestStateException>(() => new GuestState(1, 1, [new GuestPage(2, new byte[4096]), new GuestPage(2, new byte[4096])], [], [], []));
    }

    private static void Reseal(byte[] bytes) =>
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), Xxh3.Hash(bytes.AsSpan(0, bytes.Length - 8)));
}
