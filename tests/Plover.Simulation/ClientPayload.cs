using System.Buffers.Binary;

namespace Plover.Simulation;

/// <summary>
/// The payloads the simulated client proposes: a unique 8-byte id (little-endian) followed by
/// filler derived from the id, so that any payload can be checked against the id it claims.
/// </summary>
internal static class Payloads
{
    public const int IdBytes = 8;

    public static byte[] Make(ulong id, int fillerBytes)
    {
        var payload = new byte[IdBytes + fillerBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, id);
        for (int i = 0; i < fillerBytes; i++) payload[IdBytes + i] = Filler(id, i);
        return payload;
    }

    public static ulong IdOf(byte[] payload) =>
        payload.Length >= IdBytes ? BinaryPrimitives.ReadUInt64LittleEndian(payload) : throw new ArgumentException($"payload of {payload.Length} bytes has no id");

    /// <summary>True when the filler is what the id implies (the payload was not damaged or mixed up).</summary>
    public static bool IsIntact(byte[] payload)
    {
        if (payload.Length < IdBytes) return false;
        ulong id = IdOf(payload);
        for (int i = IdBytes; i < payload.Length; i++)
        {
            if (payload[i] != Filler(id, i - IdBytes)) return false;
        }
        return true;
    }

    private static byte Filler(ulong id, int index) => (byte)((id * 31) + (ulong)index * 7);
}
