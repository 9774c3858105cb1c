using Plover.Engine.Guest;
using Plover.Sandbox;
using Plover.Sandbox.Guest.State;

namespace Plover.Engine.Tests.Guest;

public class GuestPartsCodecTests
{
    [Fact]
    public void Globals_and_tables_round_trip_and_equal_values_encode_equally()
    {
        GuestGlobal[] globals = [new(ValueKind.I32, true, 0x1234), new(ValueKind.I64, false, ulong.MaxValue - 1), new(ValueKind.FuncRef, true, GuestGlobal.NullReference)];
        Assert.Equal(globals, GuestPartsCodec.DecodeGlobals(GuestPartsCodec.EncodeGlobals(globals)));
        Assert.Equal(GuestPartsCodec.EncodeGlobals(globals), GuestPartsCodec.EncodeGlobals(globals.ToArray()));
        GuestTable[] tables = [new(ValueKind.FuncRef, [3, GuestTable.NullElement, 0]), new(ValueKind.FuncRef, [])];
        IReadOnlyList<GuestTable> back = GuestPartsCodec.DecodeTables(GuestPartsCodec.EncodeTables(tables));
        Assert.Equal(tables.Select(t => t.Elements), back.Select(t => t.Elements));
        Assert.All(back, t => Assert.Equal(ValueKind.FuncRef, t.ElementType));
    }

    [Fact]
    public void Malformed_globals_are_refused_saying_where()
    {
        byte[] good = GuestPartsCodec.EncodeGlobals([new GuestGlobal(ValueKind.I32, true, 1)]);
        Assert.Contains("need 14 bytes, got 13", Assert.Throws<GuestPartsFormatException>(() => GuestPartsCodec.DecodeGlobals(good.AsSpan(0, 13))).Message);
        byte[] badKind = (byte[])good.Clone();
        badKind[4] = 0x01;
        GuestPartsFormatException e = Assert.Throws<GuestPartsFormatException>(() => GuestPartsCodec.DecodeGlobals(badKind));
        Assert.Equal(("globals", 4), (e.Part, e.Offset));
        byte[] badFlag = (byte[])good.Clone();
        badFlag[5] = 2;
        Assert.Contains("mutability flag is 2", Assert.Throws<GuestPartsFormatException>(() => GuestPartsCodec.DecodeGlobals(badFlag)).Message);
        Assert.Throws<GuestPartsFormatException>(() => GuestPartsCodec.DecodeGlobals([1, 0]));
    }

    [Fact]
    public void Malformed_tables_are_refused_saying_where()
    {
        byte[] good = GuestPartsCodec.EncodeTables([new GuestTable(ValueKind.FuncRef, [1, 2])]);
        Assert.Contains("2 elements but only 4 bytes follow", Assert.Throws<GuestPartsFormatException>(() => GuestPartsCodec.DecodeTables(good.AsSpan(0, good.Length - 4))).Message);
        Assert.Contains("bytes follow the last table", Assert.Throws<GuestPartsFormatException>(() => GuestPartsCodec.DecodeTables([.. good, 0])).Message);
        byte[] badElement = (byte[])good.Clone();
        badElement[^1] = 0xFF;
        badElement[^4] = 0xFE;
        Assert.Contains("names function", Assert.Throws<GuestPartsFormatException>(() => GuestPartsCodec.DecodeTables(badElement)).Message);
    }
}
