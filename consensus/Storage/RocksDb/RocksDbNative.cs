using System.Runtime.InteropServices;

namespace Plover.Consensus.Storage.RocksDb;

/// <summary>
/// The slice of RocksDB's C API (include/rocksdb/c.h, v7.8.3) that Plover uses, and no more.
/// Conventions of c.h: errors come back through a char** that must be NULL on entry and holds a
/// malloc'ed message on failure; booleans are unsigned char; handles are opaque pointers.
/// </summary>
internal static unsafe partial class RocksDbNative
{
    public const string Library = "librocksdb.so.7.8";

    // Runs before the first call into the library, so the resolver is in place when it loads.
    static RocksDbNative() => RocksDbLibrary.Register();

    // Options
    [LibraryImport(Library)] public static partial nint rocksdb_options_create();
    [LibraryImport(Library)] public static partial void rocksdb_options_destroy(nint options);
    [LibraryImport(Library)] public static partial void rocksdb_options_set_create_if_missing(nint options, byte value);
    [LibraryImport(Library)] public static partial void rocksdb_options_set_create_missing_column_families(nint options, byte value);
    [LibraryImport(Library)] public static partial void rocksdb_options_set_paranoid_checks(nint options, byte value);
    [LibraryImport(Library)] public static partial void rocksdb_options_set_wal_recovery_mode(nint options, int mode);
    [LibraryImport(Library)] public static partial void rocksdb_options_set_max_open_files(nint options, int value);
    [LibraryImport(Library)] public static partial void rocksdb_options_set_max_background_jobs(nint options, int value);

    // Open and close
    [LibraryImport(Library)]
    public static partial nint rocksdb_open_column_families(
        nint options, byte* name, int count, byte** names, nint* cfOptions, nint* cfHandles, nint* errptr);

    [LibraryImport(Library)]
    public static partial nint rocksdb_open_for_read_only_column_families(
        nint options, byte* name, int count, byte** names, nint* cfOptions, nint* cfHandles,
        byte errorIfWalFileExists, nint* errptr);

    [LibraryImport(Library)]
    public static partial byte** rocksdb_list_column_families(nint options, byte* name, nuint* count, nint* errptr);

    [LibraryImport(Library)] public static partial void rocksdb_list_column_families_destroy(byte** list, nuint count);
    [LibraryImport(Library)] public static partial void rocksdb_column_family_handle_destroy(nint handle);
    [LibraryImport(Library)] public static partial void rocksdb_close(nint db);
    [LibraryImport(Library)] public static partial void rocksdb_free(nint ptr);

    // Writes
    [LibraryImport(Library)] public static partial nint rocksdb_writeoptions_create();
    [LibraryImport(Library)] public static partial void rocksdb_writeoptions_destroy(nint options);
    [LibraryImport(Library)] public static partial void rocksdb_writeoptions_set_sync(nint options, byte value);
    [LibraryImport(Library)] public static partial nint rocksdb_writebatch_create();
    [LibraryImport(Library)] public static partial void rocksdb_writebatch_destroy(nint batch);
    [LibraryImport(Library)] public static partial void rocksdb_writebatch_clear(nint batch);
    [LibraryImport(Library)] public static partial int rocksdb_writebatch_count(nint batch);

    [LibraryImport(Library)]
    public static partial void rocksdb_writebatch_put_cf(nint batch, nint cf, byte* key, nuint keyLength, byte* value, nuint valueLength);

    [LibraryImport(Library)]
    public static partial void rocksdb_writebatch_delete_cf(nint batch, nint cf, byte* key, nuint keyLength);

    [LibraryImport(Library)]
    public static partial void rocksdb_writebatch_delete_range_cf(
        nint batch, nint cf, byte* startKey, nuint startLength, byte* endKey, nuint endLength);

    [LibraryImport(Library)] public static partial void rocksdb_write(nint db, nint options, nint batch, nint* errptr);

    // Reads
    [LibraryImport(Library)] public static partial nint rocksdb_readoptions_create();
    [LibraryImport(Library)] public static partial void rocksdb_readoptions_destroy(nint options);
    [LibraryImport(Library)] public static partial void rocksdb_readoptions_set_verify_checksums(nint options, byte value);
    [LibraryImport(Library)] public static partial void rocksdb_readoptions_set_iterate_lower_bound(nint options, byte* key, nuint length);
    [LibraryImport(Library)] public static partial void rocksdb_readoptions_set_iterate_upper_bound(nint options, byte* key, nuint length);

    [LibraryImport(Library)]
    public static partial byte* rocksdb_get_cf(nint db, nint options, nint cf, byte* key, nuint keyLength, nuint* valueLength, nint* errptr);

    // Iterators
    [LibraryImport(Library)] public static partial nint rocksdb_create_iterator_cf(nint db, nint options, nint cf);
    [LibraryImport(Library)] public static partial void rocksdb_iter_destroy(nint iterator);
    [LibraryImport(Library)] public static partial byte rocksdb_iter_valid(nint iterator);
    [LibraryImport(Library)] public static partial void rocksdb_iter_seek_to_first(nint iterator);
    [LibraryImport(Library)] public static partial void rocksdb_iter_seek_to_last(nint iterator);
    [LibraryImport(Library)] public static partial void rocksdb_iter_seek(nint iterator, byte* key, nuint length);
    [LibraryImport(Library)] public static partial void rocksdb_iter_seek_for_prev(nint iterator, byte* key, nuint length);
    [LibraryImport(Library)] public static partial void rocksdb_iter_next(nint iterator);
    [LibraryImport(Library)] public static partial void rocksdb_iter_prev(nint iterator);
    [LibraryImport(Library)] public static partial byte* rocksdb_iter_key(nint iterator, nuint* length);
    [LibraryImport(Library)] public static partial byte* rocksdb_iter_value(nint iterator, nuint* length);
    [LibraryImport(Library)] public static partial void rocksdb_iter_get_error(nint iterator, nint* errptr);

    // Maintenance
    [LibraryImport(Library)] public static partial nint rocksdb_flushoptions_create();
    [LibraryImport(Library)] public static partial void rocksdb_flushoptions_destroy(nint options);
    [LibraryImport(Library)] public static partial void rocksdb_flushoptions_set_wait(nint options, byte value);
    [LibraryImport(Library)] public static partial void rocksdb_flush_cf(nint db, nint options, nint cf, nint* errptr);
    [LibraryImport(Library)] public static partial void rocksdb_flush_wal(nint db, byte sync, nint* errptr);

    [LibraryImport(Library)]
    public static partial void rocksdb_compact_range_cf(nint db, nint cf, byte* startKey, nuint startLength, byte* limitKey, nuint limitLength);
}
