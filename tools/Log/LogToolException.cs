namespace Plover.Cli.Log;

/// <summary>Why the log tool could not read a store at all (as opposed to problems found inside it).</summary>
public enum LogToolError
{
    /// <summary>The folder given does not exist.</summary>
    MissingFolder,
    /// <summary>The folder exists but holds no Plover store (no RocksDB, or one without Plover's column families).</summary>
    NotAPloverStore,
    /// <summary>The store was written by a newer Plover, in a format this build does not know.</summary>
    NewerFormat,
    /// <summary>The store's metadata (format version, identity, slots) is missing or malformed.</summary>
    DamagedMetadata,
    /// <summary>RocksDB refused to open the store (its own message is included).</summary>
    OpenFailed,
    /// <summary>The query itself is malformed (a slot range, a connection id).</summary>
    BadQuery,
}

/// <summary>The log tool cannot do what was asked; the message names the folder or argument and the reason.</summary>
public sealed class LogToolException(LogToolError error, string message) : Exception(message)
{
    public LogToolError Error { get; } = error;
}
