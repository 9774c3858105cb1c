namespace Plover.Engine.Log;

/// <summary>The kinds of input the log orders. The byte values are part of the stored format.</summary>
public enum LogEntryKind : byte
{
    Connect = 1,
    Data = 2,
    Close = 3,
    EpochEnd = 4,
    Takeover = 5,
}

/// <summary>
/// One input event, as every host's guest will see it. Connections are named by an id the
/// primary assigned when the client connected; ids are unique across primaries.
/// </summary>
public abstract record LogEntry(LogEntryKind Kind);

/// <summary>A client connected: the guest's listening socket gets a pending connection.</summary>
public sealed record ConnectEntry(ulong Connection) : LogEntry(LogEntryKind.Connect);

/// <summary>Bytes a client sent on a connection, in order.</summary>
public sealed record DataEntry(ulong Connection, ReadOnlyMemory<byte> Bytes) : LogEntry(LogEntryKind.Data)
{
    public bool Equals(DataEntry? other) =>
        other is not null && Connection == other.Connection && Bytes.Span.SequenceEqual(other.Bytes.Span);

    public override int GetHashCode() => HashCode.Combine(Connection, Bytes.Length);
}

/// <summary>The client went away (or the new primary closed a connection of the old one).</summary>
public sealed record CloseEntry(ulong Connection) : LogEntry(LogEntryKind.Close);

/// <summary>Every host stops its guest here and synchronizes epoch <see cref="Epoch"/>.</summary>
public sealed record EpochEndEntry(ulong Epoch) : LogEntry(LogEntryKind.EpochEnd);

/// <summary>
/// A new primary begins: the first entry a new leader proposes, with its ballot. Every host stops
/// here as at an epoch end; every client connection opened before it is closed (its bytes may have
/// been lost with the old primary), and the node of <see cref="Ballot"/> is the primary of every
/// epoch that follows, until the next takeover.
/// </summary>
public sealed record TakeoverEntry(ulong Ballot) : LogEntry(LogEntryKind.Takeover);
