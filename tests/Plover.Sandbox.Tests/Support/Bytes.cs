namespace Plover.Sandbox.Tests.Support;

/// <summary>Hand-assembled module binaries for decoder tests that need bytes no text format would produce.</summary>
internal static class Bytes
{
    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    /// <summary>The header followed by the given sections, each given as its id and content.</summary>
    public static byte[] Module(params (byte Id, byte[] Content)[] sections)
    {
        var bytes = new List<byte>(Header);
        foreach (var (id, content) in sections)
        {
            bytes.Add(id);
            bytes.AddRange(Leb(content.Length));
            bytes.AddRange(content);
        }
        return [.. bytes];
    }

    public static byte[] Leb(int value)
    {
        var bytes = new List<byte>();
        uint v = (uint)value;
        do
        {
            byte b = (byte)(v & 0x7F);
            v >>= 7;
            if (v != 0) b |= 0x80;
            bytes.Add(b);
        } while (v != 0);
        return [.. bytes];
    }

    /// <summary>A name: its length, then its bytes.</summary>
    public static byte[] Name(params byte[] utf8) => [.. Leb(utf8.Length), .. utf8];
}
