using Plover.Consensus.Storage;
using Plover.Consensus.Storage.RocksDb;

namespace Plover.Cli.Log;

/// <summary>
/// A Plover store opened read-only: RocksDB's read-only mode takes no lock and writes nothing (it
/// replays the WAL into its own memory), so it may be opened while the node runs. The live node may
/// delete a WAL or table file between the moment the read-only instance lists it and the moment it
/// opens it; such an I/O error is retried a bounded number of times. Corruption is not retried.
/// </summary>
public sealed class ReadOnlyStore : IDisposable
{
    public const int OpenAttemptsMax = 5;
    public const int OpenRetryDelayMs = 200;

    private ReadOnlyStore(string path, RocksDb db)
    {
        Path = path;
        Db = db;
        Log = db.ColumnFamily(StoreLayout.LogFamily);
        Meta = db.ColumnFamily(StoreLayout.MetaFamily);
        Engine = db.ColumnFamily(StoreLayout.EngineFamily);
    }

    public string Path { get; }

    public RocksDb Db { get; }

    public RocksColumnFamily Log { get; }

    public RocksColumnFamily Meta { get; }

    public RocksColumnFamily Engine { get; }

    /// <summary>Opens the store behind <paramref name="folder"/> (a node's data folder or the store itself).</summary>
    public static ReadOnlyStore Open(string folder)
    {
        string path = StoreLocation.Resolve(folder);
        RocksDb db = OpenWithRetries(path);
        string[] missing = new[] { StoreLayout.LogFamily, StoreLayout.MetaFamily, StoreLayout.EngineFamily }
            .Where(f => !db.HasColumnFamily(f)).ToArray();
        if (missing.Length > 0)
        {
            db.Dispose();
            throw new LogToolException(LogToolError.NotAPloverStore,
                $"{path} is a RocksDB database but not a Plover store: it lacks the column famil{(missing.Length == 1 ? "y" : "ies")} {string.Join(", ", missing)}");
        }
        return new ReadOnlyStore(path, db);
    }

    private static RocksDb OpenWithRetries(string path)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return RocksDb.OpenReadOnly(path);
            }
            catch (RocksDbException e) when (!e.IsCorruption && attempt < OpenAttemptsMax)
            {
                Thread.Sleep(OpenRetryDelayMs);
            }
            catch (RocksDbException e)
            {
                throw new LogToolException(LogToolError.OpenFailed, $"{path}: {e.Message}");
            }
        }
    }

    public byte[]? ReadMeta(byte[] key) => Db.Get(Meta, key);

    /// <summary>The engine's keys under <paramref name="prefix"/> (all of them for an empty prefix), in key order.</summary>
    public IEnumerable<KeyValuePair<byte[], byte[]>> EngineValues(byte[] prefix)
    {
        using RocksIterator it = Db.NewIterator(Engine);
        if (prefix.Length == 0) it.SeekToFirst();
        else it.Seek(prefix);
        for (; it.Valid && it.Key.StartsWith(prefix); it.Next())
            yield return new KeyValuePair<byte[], byte[]>(it.Key.ToArray(), it.Value.ToArray());
    }

    /// <summary>The files of the store folder and their sizes: what the store costs on disk.</summary>
    public StoreSize MeasureSize() => StoreSize.Of(Path);

    public void Dispose() => Db.Dispose();
}
