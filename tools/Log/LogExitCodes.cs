namespace Plover.Cli.Log;

/// <summary>Exit codes of <c>plover log</c>.</summary>
public static class LogExitCodes
{
    public const int Ok = 0;
    /// <summary><c>verify</c> found at least one problem (each printed with its slot).</summary>
    public const int ProblemsFound = 1;
    /// <summary>The options do not make a query (a bad slot range, connection id, or combination).</summary>
    public const int BadQuery = 2;
    /// <summary>The store could not be read: missing folder, not a Plover store, newer format, damaged metadata, RocksDB refused it.</summary>
    public const int CannotRead = 3;
}
