using System.Text;

namespace Plover.Cli.Log;

/// <summary>
/// A one-line, printable rendering of client bytes: printable ASCII as is, CR, LF, tab and
/// backslash escaped, anything else as \xHH; cut after <see cref="PreviewBytesMax"/> bytes.
/// </summary>
public static class BytePreview
{
    public const int PreviewBytesMax = 64;

    public static string Of(ReadOnlySpan<byte> bytes, int bytesMax = PreviewBytesMax)
    {
        var text = new StringBuilder();
        int shown = Math.Min(bytes.Length, bytesMax);
        foreach (byte b in bytes[..shown]) Append(text, b);
        if (shown < bytes.Length) text.Append($"... (+{bytes.Length - shown} bytes)");
        return text.ToString();
    }

    private static void Append(StringBuilder text, byte b)
    {
        switch (b)
        {
            case (byte)'\r': text.Append("\\r"); break;
            case (byte)'\n': text.Append("\\n"); break;
            case (byte)'\t': text.Append("\\t"); break;
            case (byte)'\\': text.Append("\\\\"); break;
            case >= 0x20 and < 0x7F: text.Append((char)b); break;
            default: text.Append($"\\x{b:X2}"); break;
        }
    }
}
