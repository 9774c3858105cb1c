namespace Plover.Consensus.Messages;

/// <summary>
/// The encoding of a <see cref="SlotValue"/>, shared by the wire and the log store:
/// kind byte (0 no-op, 1 batch), then for a batch a varint count and count length-prefixed payloads.
/// </summary>
public static class SlotValueCodec
{
    public const byte NoOpKind = 0;
    public const byte BatchKind = 1;

    /// <summary>Most proposals one slot may hold on the wire or on disk.</summary>
    public const int PayloadsPerSlotMax = 1 << 16;

    public static void Write(WireWriter writer, SlotValue value)
    {
        if (value.IsNoOp)
        {
            writer.WriteByte(NoOpKind);
            return;
        }
        writer.WriteByte(BatchKind);
        writer.WriteVarUInt64((ulong)value.Payloads.Count);
        foreach (byte[] payload in value.Payloads) writer.WriteBlob(payload);
    }

    public static byte[] Encode(SlotValue value)
    {
        var writer = new WireWriter(EncodedLength(value));
        Write(writer, value);
        return writer.Detach();
    }

    public static int EncodedLength(SlotValue value)
    {
        if (value.IsNoOp) return 1;
        long length = 1 + WireWriter.VarUInt64Length((ulong)value.Payloads.Count);
        foreach (byte[] payload in value.Payloads) length += WireWriter.VarUInt64Length((ulong)payload.Length) + payload.Length;
        return checked((int)length);
    }

    public static SlotValue Read(ref WireReader reader, string field)
    {
        int start = reader.Offset;
        byte kind = reader.ReadByte(field + ".kind");
        if (kind == NoOpKind) return SlotValue.NoOp;
        if (kind != BatchKind) throw new MessageFormatException(field + ".kind", start, $"unknown slot value kind {kind}");
        int count = (int)reader.ReadVarUInt64(field + ".count", 1, PayloadsPerSlotMax);
        var payloads = new byte[count][];
        for (int i = 0; i < count; i++) payloads[i] = reader.ReadBlob(field + ".payload", PaxosConfig.PayloadBytesLimit);
        return SlotValue.Batch(payloads);
    }

    /// <summary>Decodes a whole buffer that must hold exactly one value.</summary>
    public static SlotValue Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes);
        SlotValue value = Read(ref reader, "value");
        reader.RequireEnd("value");
        return value;
    }
}
