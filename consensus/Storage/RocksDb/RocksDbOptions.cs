namespace Plover.Consensus.Storage.RocksDb;

/// <summary>How RocksDB replays its write-ahead log after a crash (WALRecoveryMode).</summary>
public enum WalRecoveryMode
{
    /// <summary>Ignore only a torn record at the tail (un-acknowledged data); fail on anything else.</summary>
    TolerateCorruptedTailRecords = 0,
    /// <summary>Fail on any error, including a torn tail after power loss.</summary>
    AbsoluteConsistency = 1,
    /// <summary>RocksDB's default: stop at the first bad record, silently dropping later ones.</summary>
    PointInTime = 2,
    SkipAnyCorruptedRecords = 3,
}

/// <summary>Open-time settings. The defaults are the ones a consensus log needs.</summary>
public sealed record RocksDbOptions
{
    public bool CreateIfMissing { get; init; } = true;
    public bool ParanoidChecks { get; init; } = true;
    public WalRecoveryMode WalRecovery { get; init; } = WalRecoveryMode.TolerateCorruptedTailRecords;

    /// <summary>-1 keeps every table file open (no table-cache churn on a log that is read back).</summary>
    public int MaxOpenFiles { get; init; } = -1;

    public int MaxBackgroundJobs { get; init; } = 2;

    internal OptionsHandle ToNative()
    {
        var options = new OptionsHandle();
        nint h = options.DangerousGetHandle();
        RocksDbNative.rocksdb_options_set_create_if_missing(h, CreateIfMissing ? (byte)1 : (byte)0);
        RocksDbNative.rocksdb_options_set_create_missing_column_families(h, CreateIfMissing ? (byte)1 : (byte)0);
        RocksDbNative.rocksdb_options_set_paranoid_checks(h, ParanoidChecks ? (byte)1 : (byte)0);
        RocksDbNative.rocksdb_options_set_wal_recovery_mode(h, (int)WalRecovery);
        RocksDbNative.rocksdb_options_set_max_open_files(h, MaxOpenFiles);
        RocksDbNative.rocksdb_options_set_max_background_jobs(h, MaxBackgroundJobs);
        return options;
    }
}
