using System.Text;
using Plover.Consensus;

namespace Plover.Bench.Load;

/// <summary>
/// Writes SET and GET commands as RESP arrays straight into a connection's send buffer: the
/// constant parts are encoded once, so a request costs two copies and twelve digit writes.
/// </summary>
public sealed class RequestEncoder
{
    public const string KeyPrefix = "key:";
    public const int KeyDigits = 12;
    private const int KeyBytes = 4 + KeyDigits;

    private readonly byte[] value;
    private readonly byte[] setHead = Encoding.ASCII.GetBytes($"*3\r\n$3\r\nSET\r\n${KeyBytes}\r\n{KeyPrefix}");
    private readonly byte[] getHead = Encoding.ASCII.GetBytes($"*2\r\n$3\r\nGET\r\n${KeyBytes}\r\n{KeyPrefix}");
    private readonly byte[] valueHead;
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    public RequestEncoder(Workload workload)
    {
        workload.Validate();
        value = MakeValue(workload.ValueBytes, workload.Seed);
        valueHead = Encoding.ASCII.GetBytes($"\r\n${workload.ValueBytes}\r\n");
        SetBytes = setHead.Length + KeyDigits + valueHead.Length + value.Length + Crlf.Length;
        GetBytes = getHead.Length + KeyDigits + Crlf.Length;
    }

    public int SetBytes { get; }
    public int GetBytes { get; }
    public int RequestBytesMax => Math.Max(SetBytes, GetBytes);

    /// <summary>The bytes every SET stores (printable, drawn from the workload's seed).</summary>
    public ReadOnlySpan<byte> Value => value;

    public int Write(Span<byte> destination, RequestKind kind, long key) =>
        kind == RequestKind.Set ? WriteSet(destination, key) : WriteGet(destination, key);

    public int WriteSet(Span<byte> destination, long key)
    {
        int at = Put(destination, 0, setHead);
        WriteKeyDigits(destination.Slice(at, KeyDigits), key);
        at = Put(destination, at + KeyDigits, valueHead);
        at = Put(destination, at, value);
        at = Put(destination, at, Crlf);
        Invariant.Check(at == SetBytes, "a SET has the encoded length");
        return at;
    }

    public int WriteGet(Span<byte> destination, long key)
    {
        int at = Put(destination, 0, getHead);
        WriteKeyDigits(destination.Slice(at, KeyDigits), key);
        at = Put(destination, at + KeyDigits, Crlf);
        Invariant.Check(at == GetBytes, "a GET has the encoded length");
        return at;
    }

    /// <summary>The key name of index <paramref name="key"/>, as the encoder writes it (for tests and reports).</summary>
    public static string KeyName(long key)
    {
        Span<byte> digits = stackalloc byte[KeyDigits];
        WriteKeyDigits(digits, key);
        return KeyPrefix + Encoding.ASCII.GetString(digits);
    }

    private static void WriteKeyDigits(Span<byte> digits, long key)
    {
        if (key < 0 || key >= Workload.KeysMax)
            throw new ArgumentOutOfRangeException(nameof(key), key, $"a key index is in [0, {Workload.KeysMax})");
        for (int i = KeyDigits - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + key % 10);
            key /= 10;
        }
    }

    private static int Put(Span<byte> destination, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[at..]);
        return at + bytes.Length;
    }

    private static byte[] MakeValue(int length, ulong seed)
    {
        var random = new DeterministicRandom(seed ^ 0x76616C7565UL);
        var bytes = new byte[length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)('a' + (int)random.NextBelow(26));
        return bytes;
    }
}
