namespace Plover.Consensus.Storage.RocksDb;

/// <summary>A column family of an open <see cref="RocksDb"/>; valid while the database is open.</summary>
public sealed class RocksColumnFamily
{
    internal RocksColumnFamily(string name, ColumnFamilyHandle handle)
    {
        Name = name;
        Handle = handle;
    }

    public string Name { get; }

    internal ColumnFamilyHandle Handle { get; }

    public override string ToString() => Name;
}
