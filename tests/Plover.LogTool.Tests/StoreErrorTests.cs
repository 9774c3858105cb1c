using System.Buffers.Binary;
using System.Text.Json;
using Plover.Cli.Log;
using Plover.Consensus.Storage;
using Plover.Consensus.Storage.RocksDb;
using Plover.Engine.Log;

namespace Plover.LogTool.Tests;

public sealed class StoreErrorTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_missing_folder_is_named()
    {
        string missing = folder.Sub("nowhere");
        ToolRun run = ToolRun.Inspect(new InspectRequest(missing, Json: true));
        Assert.Equal(LogExitCodes.CannotRead, run.ExitCode);
        Assert.Equal("MissingFolder", run.Json().GetProperty("error").GetString());
        Assert.Contains($"{missing} does not exist", run.Stderr);
        Assert.Equal(LogExitCodes.CannotRead, ToolRun.Verify(missing).ExitCode);
    }

    [Fact]
    public void A_folder_without_a_store_is_not_a_plover_store()
    {
        string empty = folder.Sub("empty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "node.json"), "{}");
        ToolRun run = ToolRun.Inspect(new InspectRequest(empty));
        Assert.Equal(LogExitCodes.CannotRead, run.ExitCode);
        Assert.Contains("holds no Plover store", run.Stderr);
        Assert.False(Directory.Exists(Path.Combine(empty, "store")), "inspection must not create anything");
    }

    [Fact]
    public void A_rocksdb_of_someone_else_is_not_a_plover_store()
    {
        string other = folder.Sub("other");
        using (RocksDb.Open(other, new RocksDbOptions(), "users")) { }
        ToolRun run = ToolRun.Verify(other, json: true);
        Assert.Equal(LogExitCodes.CannotRead, run.ExitCode);
        Assert.Equal("NotAPloverStore", run.Json().GetProperty("error").GetString());
        Assert.Contains("lacks the column families log, meta, engine", run.Stderr);
    }

    [Fact]
    public void A_store_of_a_newer_format_version_is_refused_by_name()
    {
        string data = folder.Sub("node2");
        SampleLog.Write(data);
        using (var raw = new RawStore(Path.Combine(data, "store")))
        {
            var version = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(version, StoreLayout.FormatVersion + 1);
            raw.Put(raw.Meta, StoreLayout.FormatVersionKey, version);
        }
        foreach (ToolRun run in new[] { ToolRun.Inspect(new InspectRequest(data, Json: true)), ToolRun.Verify(data, json: true) })
        {
            Assert.Equal(LogExitCodes.CannotRead, run.ExitCode);
            Assert.Equal("NewerFormat", run.Json().GetProperty("error").GetString());
            Assert.Contains($"format version {StoreLayout.FormatVersion + 1}, written by a newer Plover", run.Stderr);
        }
    }

    [Fact]
    public void A_log_batch_of_a_newer_format_is_named_with_its_slot()
    {
        string data = folder.Sub("node2");
        SampleLog.Write(data);
        using (var raw = new RawStore(Path.Combine(data, "store")))
        {
            byte[] payload = Plover.Engine.Log.LogBatchCodec.Encode(SampleLog.Batch(9));
            payload[0] = Plover.Engine.Log.LogBatchCodec.FormatVersion + 1;
            var entry = new Plover.Consensus.LogEntry(8, SampleLog.Ballot, Plover.Consensus.SlotValue.Batch([payload]));
            raw.Put(raw.Log, LogRecord.Key(8), LogRecord.Encode(entry));
        }
        ToolRun run = ToolRun.Verify(data);
        Assert.Equal(LogExitCodes.ProblemsFound, run.ExitCode);
        Assert.Contains("PROBLEM slot 8: proposal 0 is a log batch of format version 2, newer than this build's 1", run.Stdout);
    }

    [Fact]
    public void Damaged_metadata_is_named()
    {
        string data = folder.Sub("node2");
        SampleLog.Write(data);
        using (var raw = new RawStore(Path.Combine(data, "store"))) raw.Put(raw.Meta, StoreLayout.CommitSlotKey, [1, 2, 3]);
        ToolRun run = ToolRun.Inspect(new InspectRequest(data, Json: true));
        Assert.Equal(LogExitCodes.CannotRead, run.ExitCode);
        Assert.Equal("DamagedMetadata", run.Json().GetProperty("error").GetString());
        Assert.Contains("'commit_slot' has 3 bytes, expected 8", run.Stderr);
    }

    [Fact]
    public void Inspection_reads_a_store_that_a_writer_holds_open_and_sees_its_synced_writes()
    {
        string data = folder.Sub("live");
        using var writer = new NodeStoreWriter(data);
        for (int n = 1; n <= 5; n++) writer.Append(SampleLog.Ballot, true, SampleLog.Batch(n, new ConnectEntry(SampleLog.Connection(2, 1, (uint)n))));
        JsonElement first = ToolRun.Inspect(new InspectRequest(data, Json: true)).Json();
        Assert.Equal(5UL, first.GetProperty("commitSlot").GetUInt64());

        for (int n = 6; n <= 9; n++) writer.Append(SampleLog.Ballot, true, SampleLog.Batch(n, new ConnectEntry(SampleLog.Connection(2, 1, (uint)n))));
        JsonElement second = ToolRun.Inspect(new InspectRequest(data, Json: true)).Json();
        Assert.Equal(9UL, second.GetProperty("commitSlot").GetUInt64());
        Assert.Equal(9, second.GetProperty("connections").GetInt32());
        Assert.Equal(LogExitCodes.Ok, ToolRun.Verify(data).ExitCode);
    }
}
