namespace Plover.Consensus.Messages;

/// <summary>
/// The compact binary form of every <see cref="PaxosMessage"/>: a version byte, a kind byte, the
/// sender id as a varint, then the kind's fields (slots, ballots and counts as varints). Decoding is
/// strict: a truncated, overlong or out-of-range message, trailing bytes, an unknown kind or version
/// all raise <see cref="MessageFormatException"/> naming the field.
/// </summary>
public static class MessageCodec
{
    public const byte Version = 1;

    /// <summary>Most slots in one Accept and entries in one Promise page.</summary>
    public const int EntriesPerMessageMax = 1 << 16;

    /// <summary>Largest snapshot payload carried in one message.</summary>
    public const int SnapshotBytesMax = 1 << 30;

    public static byte[] Encode(PaxosMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new WireWriter(EstimateLength(message));
        writer.WriteByte(Version);
        writer.WriteByte((byte)message.Kind);
        writer.WriteVarUInt64((ulong)message.From);
        writer.WriteVarUInt64(message.Ballot.ToUInt64());
        switch (message)
        {
            case Prepare m: WritePrepare(writer, m); break;
            case Promise m: WritePromise(writer, m); break;
            case Accept m: WriteAccept(writer, m); break;
            case Accepted m: WriteAccepted(writer, m); break;
            case Heartbeat m: writer.WriteVarUInt64(m.LeaderCommit); break;
            case Rejected m: WriteRejected(writer, m); break;
            case InstallSnapshot m: WriteInstallSnapshot(writer, m); break;
            case Promote m: writer.WriteVarUInt64(m.ThroughSlot); break;
            default: throw new ArgumentException($"no encoding for {message.GetType().Name}", nameof(message));
        }
        return writer.Detach();
    }

    public static PaxosMessage Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes);
        int start = reader.Offset;
        byte version = reader.ReadByte("version");
        if (version != Version) throw new MessageFormatException("version", start, $"version {version} is not the supported {Version}");
        int kindOffset = reader.Offset;
        byte kind = reader.ReadByte("kind");
        int from = (int)reader.ReadVarUInt64("from", 1, Ballot.NodeMax);
        Ballot ballot = Ballot.FromUInt64(reader.ReadVarUInt64("ballot"));
        PaxosMessage message = (MessageKind)kind switch
        {
            MessageKind.Prepare => ReadPrepare(ref reader, from, ballot),
            MessageKind.Promise => ReadPromise(ref reader, from, ballot),
            MessageKind.Accept => ReadAccept(ref reader, from, ballot),
            MessageKind.Accepted => ReadAccepted(ref reader, from, ballot),
            MessageKind.Heartbeat => new Heartbeat(from, ballot, reader.ReadVarUInt64("Heartbeat.leaderCommit")),
            MessageKind.Rejected => ReadRejected(ref reader, from, ballot),
            MessageKind.InstallSnapshot => ReadInstallSnapshot(ref reader, from, ballot),
            MessageKind.Promote => new Promote(from, ballot, reader.ReadVarUInt64("Promote.throughSlot")),
            _ => throw new MessageFormatException("kind", kindOffset, $"unknown message kind {kind}"),
        };
        reader.RequireEnd(message.Kind.ToString());
        return message;
    }

    private static void WritePrepare(WireWriter writer, Prepare m)
    {
        writer.WriteVarUInt64(m.FromSlot);
        writer.WriteVarUInt64(m.CandidateCommit);
    }

    private static Prepare ReadPrepare(ref WireReader reader, int from, Ballot ballot)
    {
        ulong fromSlot = reader.ReadVarUInt64("Prepare.fromSlot", 1, ulong.MaxValue);
        ulong commit = reader.ReadVarUInt64("Prepare.candidateCommit");
        return new Prepare(from, ballot, fromSlot, commit);
    }

    private static void WritePromise(WireWriter writer, Promise m)
    {
        RequireCount(m.Entries.Count, "Promise.entries");
        writer.WriteVarUInt64(m.FromSlot);
        writer.WriteVarUInt64(m.AcceptorCommit);
        writer.WriteVarUInt64(m.NextSlot);
        writer.WriteVarUInt64((ulong)m.Entries.Count);
        foreach (LogEntry entry in m.Entries)
        {
            writer.WriteVarUInt64(entry.Slot);
            writer.WriteVarUInt64(entry.Ballot.ToUInt64());
            SlotValueCodec.Write(writer, entry.Value);
        }
    }

    private static Promise ReadPromise(ref WireReader reader, int from, Ballot ballot)
    {
        ulong fromSlot = reader.ReadVarUInt64("Promise.fromSlot", 1, ulong.MaxValue);
        ulong commit = reader.ReadVarUInt64("Promise.acceptorCommit");
        ulong nextSlot = reader.ReadVarUInt64("Promise.nextSlot");
        int count = (int)reader.ReadVarUInt64("Promise.count", 0, EntriesPerMessageMax);
        var entries = new LogEntry[count];
        ulong previous = 0;
        for (int i = 0; i < count; i++)
        {
            try
            {
                ulong slot = reader.ReadVarUInt64("slot", Math.Max(fromSlot, previous + 1), ulong.MaxValue);
                Ballot accepted = Ballot.FromUInt64(reader.ReadVarUInt64("ballot"));
                entries[i] = new LogEntry(slot, accepted, SlotValueCodec.Read(ref reader, "value"));
                previous = slot;
            }
            catch (MessageFormatException e) { throw e.Within($"Promise.entries[{i}]"); }
        }
        if (nextSlot != 0 && nextSlot <= previous)
            throw new MessageFormatException("Promise.nextSlot", reader.Offset, $"next page {nextSlot} does not follow the last entry {previous}");
        return new Promise(from, ballot, fromSlot, commit, nextSlot, entries);
    }

    private static void WriteAccept(WireWriter writer, Accept m)
    {
        RequireCount(m.Values.Count, "Accept.values");
        writer.WriteVarUInt64(m.FirstSlot);
        writer.WriteVarUInt64(m.LeaderCommit);
        writer.WriteVarUInt64((ulong)m.Values.Count);
        foreach (SlotValue value in m.Values) SlotValueCodec.Write(writer, value);
    }

    private static Accept ReadAccept(ref WireReader reader, int from, Ballot ballot)
    {
        ulong firstSlot = reader.ReadVarUInt64("Accept.firstSlot", 1, ulong.MaxValue - EntriesPerMessageMax);
        ulong commit = reader.ReadVarUInt64("Accept.leaderCommit");
        int count = (int)reader.ReadVarUInt64("Accept.count", 1, EntriesPerMessageMax);
        var values = new SlotValue[count];
        for (int i = 0; i < count; i++)
        {
            try { values[i] = SlotValueCodec.Read(ref reader, "value"); }
            catch (MessageFormatException e) { throw e.Within($"Accept.values[{i}]"); }
        }
        return new Accept(from, ballot, firstSlot, commit, values);
    }

    private static void WriteAccepted(WireWriter writer, Accepted m)
    {
        writer.WriteVarUInt64(m.Through);
        writer.WriteVarUInt64(m.Commit);
        writer.WriteVarUInt64(m.Received);
        writer.WriteByte(m.Learner ? AcceptedLearnerFlag : (byte)0);
    }

    private const byte AcceptedLearnerFlag = 1;

    private static Accepted ReadAccepted(ref WireReader reader, int from, Ballot ballot)
    {
        ulong through = reader.ReadVarUInt64("Accepted.through");
        ulong commit = reader.ReadVarUInt64("Accepted.commit", 0, through);
        ulong received = reader.ReadVarUInt64("Accepted.received");
        int offset = reader.Offset;
        byte flags = reader.ReadByte("Accepted.flags");
        if ((flags & ~AcceptedLearnerFlag) != 0) throw new MessageFormatException("Accepted.flags", offset, $"unknown flags {flags:X2}");
        bool learner = flags == AcceptedLearnerFlag;
        if (learner && through != commit) throw new MessageFormatException("Accepted.through", offset, "a learner claims only chosen slots (through must equal commit)");
        return new Accepted(from, ballot, through, commit, received, learner);
    }

    private static void WriteRejected(WireWriter writer, Rejected m)
    {
        writer.WriteVarUInt64(m.Promised.ToUInt64());
        writer.WriteVarUInt64(m.AcceptorCommit);
        writer.WriteByte((byte)m.Reason);
    }

    private static Rejected ReadRejected(ref WireReader reader, int from, Ballot ballot)
    {
        Ballot promised = Ballot.FromUInt64(reader.ReadVarUInt64("Rejected.promised"));
        ulong commit = reader.ReadVarUInt64("Rejected.acceptorCommit");
        int offset = reader.Offset;
        byte reason = reader.ReadByte("Rejected.reason");
        if (!Enum.IsDefined((RejectReason)reason)) throw new MessageFormatException("Rejected.reason", offset, $"unknown reason {reason}");
        return new Rejected(from, ballot, promised, commit, (RejectReason)reason);
    }

    private static void WriteInstallSnapshot(WireWriter writer, InstallSnapshot m)
    {
        if (m.Payload.Length > SnapshotBytesMax) throw new ArgumentException($"snapshot of {m.Payload.Length} bytes exceeds {SnapshotBytesMax}");
        writer.WriteVarUInt64(m.Slot);
        writer.WriteVarUInt64(m.LeaderCommit);
        writer.WriteBlob(m.Payload);
    }

    private static InstallSnapshot ReadInstallSnapshot(ref WireReader reader, int from, Ballot ballot)
    {
        ulong slot = reader.ReadVarUInt64("InstallSnapshot.slot", 1, ulong.MaxValue);
        ulong commit = reader.ReadVarUInt64("InstallSnapshot.leaderCommit");
        byte[] payload = reader.ReadBlob("InstallSnapshot.payload", SnapshotBytesMax);
        return new InstallSnapshot(from, ballot, slot, commit, payload);
    }

    private static void RequireCount(int count, string field)
    {
        if (count > EntriesPerMessageMax) throw new ArgumentException($"{field}: {count} entries exceed {EntriesPerMessageMax}");
    }

    /// <summary>The exact length for the bulky kinds (so the buffer is handed over without a copy), an upper bound otherwise.</summary>
    private static int EstimateLength(PaxosMessage message)
    {
        int header = 2 + WireWriter.VarUInt64Length((ulong)message.From) + WireWriter.VarUInt64Length(message.Ballot.ToUInt64());
        return message switch
        {
            Accept m => header + WireWriter.VarUInt64Length(m.FirstSlot) + WireWriter.VarUInt64Length(m.LeaderCommit)
                + WireWriter.VarUInt64Length((ulong)m.Values.Count) + m.Values.Sum(SlotValueCodec.EncodedLength),
            InstallSnapshot m => header + WireWriter.VarUInt64Length(m.Slot) + WireWriter.VarUInt64Length(m.LeaderCommit)
                + WireWriter.VarUInt64Length((ulong)m.Payload.Length) + m.Payload.Length,
            Promise m => header + 40 + m.Entries.Sum(e => 20 + SlotValueCodec.EncodedLength(e.Value)),
            _ => header + 40,
        };
    }
}
