using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Plover.Cli.Log;
using Plover.Consensus;
using Plover.Consensus.Storage;
using Plover.Engine.Log;

namespace Plover.LogTool.Tests;

public sealed class VerifyTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly string data;

    public VerifyTests()
    {
        data = folder.Sub("node2");
        SampleLog.Write(data);
    }

    private string StorePath => Path.Combine(data, "store");

    public void Dispose() => folder.Dispose();

    [Fact]
    public void A_sound_store_verifies_clean()
    {
        ToolRun run = ToolRun.Verify(data);
        Assert.True(run.ExitCode == LogExitCodes.Ok, run.ToString());
        Assert.StartsWith("OK: 8 records (slots 1..8, committed through 7), 10 entries, 3 epoch records", run.Stdout);
    }

    [Theory]
    [InlineData(-1)]  // the last byte of the batch payload
    [InlineData(3)]   // inside the ballot
    [InlineData(9)]   // inside the stored CRC
    public void A_flipped_byte_in_a_record_fails_verify_naming_the_slot(int offset)
    {
        using (var raw = new RawStore(StorePath)) raw.FlipRecordByte(4, offset);
        ToolRun run = ToolRun.Verify(data, json: true);
        Assert.True(run.ExitCode == LogExitCodes.ProblemsFound, run.ToString());
        JsonElement report = run.Json();
        Assert.False(report.GetProperty("ok").GetBoolean());
        JsonElement problem = Assert.Single(report.GetProperty("problems").EnumerateArray());
        Assert.Equal(4UL, problem.GetProperty("slot").GetUInt64());
        Assert.Contains("CRC mismatch", problem.GetProperty("message").GetString());
        Assert.Contains("slot 4", run.Stderr + ToolRun.Verify(data).Stdout);
    }

    [Fact]
    public void A_flipped_byte_in_a_flushed_table_file_fails_verify_naming_slots()
    {
        using (var writer = new NodeStoreWriter(folder.Sub("big")))
        {
            var filler = new byte[3000];
            for (int i = 0; i < filler.Length; i++) filler[i] = (byte)('a' + i % 26);
            for (int n = 1; n <= 64; n++)
                writer.Append(SampleLog.Ballot, true, SampleLog.Batch(n, new DataEntry(SampleLog.C1, filler)));
        }
        string store = Path.Combine(folder.Sub("big"), "store");
        using (var raw = new RawStore(store)) raw.Flush();
        string table = Directory.GetFiles(store, "*.sst").OrderByDescending(f => new FileInfo(f).Length).First();
        byte[] bytes = File.ReadAllBytes(table);
        bytes[bytes.Length / 3] ^= 0x40; // well inside the data blocks, away from the index and footer
        File.WriteAllBytes(table, bytes);

        ToolRun run = ToolRun.Verify(folder.Sub("big"), json: true);
        Assert.True(run.ExitCode == LogExitCodes.ProblemsFound, run.ToString());
        JsonElement[] problems = run.Json().GetProperty("problems").EnumerateArray().ToArray();
        Assert.Contains(problems, p => p.GetProperty("message").GetString()!.StartsWith("RocksDB cannot read it: Corruption", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.InRange(p.GetProperty("slot").GetUInt64(), 1UL, 64UL));
        Assert.True(run.Json().GetProperty("recordsChecked").GetInt32() < 64, "the damaged block's slots are not counted as checked");
    }

    [Fact]
    public void A_missing_committed_slot_is_a_gap_named_by_slot()
    {
        using (var raw = new RawStore(StorePath)) raw.Delete(raw.Log, LogRecord.Key(3));
        ToolRun run = ToolRun.Verify(data);
        Assert.Equal(LogExitCodes.ProblemsFound, run.ExitCode);
        Assert.Contains("PROBLEM slot 3: committed slot 3 is missing (commit slot 7)", run.Stdout);
    }

    [Fact]
    public void Missing_committed_slots_at_the_tail_are_named()
    {
        using (var raw = new RawStore(StorePath))
        {
            raw.Delete(raw.Log, LogRecord.Key(6));
            raw.Delete(raw.Log, LogRecord.Key(7));
            raw.Delete(raw.Log, LogRecord.Key(8));
        }
        ToolRun run = ToolRun.Verify(data);
        Assert.Equal(LogExitCodes.ProblemsFound, run.ExitCode);
        Assert.Contains("PROBLEM slot 6: committed slots 6..7 are missing (commit slot 7)", run.Stdout);
    }

    [Fact]
    public void A_record_accepted_above_the_promise_is_a_problem()
    {
        var high = new Ballot(9, 3);
        var entry = new Plover.Consensus.LogEntry(8, high, SlotValue.Batch([LogBatchCodec.Encode(SampleLog.Batch(9, new CloseEntry(SampleLog.C2)))]));
        using (var raw = new RawStore(StorePath)) raw.Put(raw.Log, LogRecord.Key(8), LogRecord.Encode(entry));
        ToolRun run = ToolRun.Verify(data);
        Assert.Equal(LogExitCodes.ProblemsFound, run.ExitCode);
        Assert.Contains("PROBLEM slot 8: accepted in ballot 9.3, above the promised 3.1", run.Stdout);
    }

    [Fact]
    public void A_payload_that_is_not_a_log_batch_is_named_with_its_slot()
    {
        byte[] payload = LogBatchCodec.Encode(SampleLog.Batch(9, new DataEntry(SampleLog.C2, SampleLog.Ping)));
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(30), 999); // the data length now runs past the end
        var entry = new Plover.Consensus.LogEntry(8, SampleLog.Ballot, SlotValue.Batch([payload]));
        using (var raw = new RawStore(StorePath)) raw.Put(raw.Log, LogRecord.Key(8), LogRecord.Encode(entry));
        ToolRun run = ToolRun.Verify(data);
        Assert.Equal(LogExitCodes.ProblemsFound, run.ExitCode);
        Assert.Contains("PROBLEM slot 8: proposal 0 does not decode: malformed log batch", run.Stdout);

        ToolRun inspect = ToolRun.Inspect(new InspectRequest(data, Slots: "8", Json: true));
        Assert.Equal("unreadable", inspect.Json().GetProperty("entries")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public void A_connection_opened_twice_is_a_problem()
    {
        var entry = new Plover.Consensus.LogEntry(8, SampleLog.Ballot, SlotValue.Batch([LogBatchCodec.Encode(SampleLog.Batch(9, new ConnectEntry(SampleLog.C1)))]));
        using (var raw = new RawStore(StorePath)) raw.Put(raw.Log, LogRecord.Key(8), LogRecord.Encode(entry));
        ToolRun run = ToolRun.Verify(data);
        Assert.Equal(LogExitCodes.ProblemsFound, run.ExitCode);
        Assert.Contains("PROBLEM slot 8: connection 1.4.1 is opened a second time", run.Stdout);
    }

    [Fact]
    public void A_record_left_below_the_first_slot_is_a_problem()
    {
        using (var raw = new RawStore(StorePath))
        {
            var first = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(first, 2);
            raw.Put(raw.Meta, StoreLayout.FirstSlotKey, first);
        }
        ToolRun run = ToolRun.Verify(data);
        Assert.Equal(LogExitCodes.ProblemsFound, run.ExitCode);
        Assert.Contains("PROBLEM slot 1: lies below the first slot 2", run.Stdout);
    }

    [Fact]
    public void A_malformed_epoch_record_is_named()
    {
        byte[] key = [.. Encoding.ASCII.GetBytes("epoch/"), 0, 0, 0, 0, 0, 0, 0, 2];
        using (var raw = new RawStore(StorePath)) raw.Put(raw.Engine, key, Encoding.UTF8.GetBytes("{\"epoch\": \"two\"}"));
        ToolRun run = ToolRun.Verify(data);
        Assert.Equal(LogExitCodes.ProblemsFound, run.ExitCode);
        Assert.Contains("epoch statistics record 2 is malformed", run.Stdout);
    }
}
