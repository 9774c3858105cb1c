using System.Runtime.InteropServices;

namespace Plover.Consensus.Storage.RocksDb;

/// <summary>An error reported by RocksDB, carrying its own message (e.g. "Corruption: ...").</summary>
public sealed class RocksDbException : Exception
{
    public RocksDbException(string operation, string rocksMessage)
        : base($"RocksDB {operation} failed: {rocksMessage}")
    {
        Operation = operation;
        RocksMessage = rocksMessage;
    }

    /// <summary>What Plover asked RocksDB to do (open, write, get, ...).</summary>
    public string Operation { get; }

    /// <summary>RocksDB's message, verbatim.</summary>
    public string RocksMessage { get; }

    /// <summary>True when RocksDB classified the failure as corruption.</summary>
    public bool IsCorruption => RocksMessage.StartsWith("Corruption", StringComparison.Ordinal);

    /// <summary>Throws if <paramref name="errptr"/> holds a message, freeing it first.</summary>
    internal static void ThrowIfSet(nint errptr, string operation)
    {
        if (errptr == 0) return;
        string message = Marshal.PtrToStringUTF8(errptr) ?? "(no message)";
        RocksDbNative.rocksdb_free(errptr);
        throw new RocksDbException(operation, message);
    }
}
