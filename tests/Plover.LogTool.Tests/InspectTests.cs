using System.Text.Json;
using Plover.Cli.Log;

namespace Plover.LogTool.Tests;

public sealed class InspectTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly string data;
    private readonly (uint Incarnation, ulong Commit, ulong Last) written;

    public InspectTests()
    {
        data = folder.Sub("node2");
        written = SampleLog.Write(data);
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Summary_json_reports_identity_slots_entries_and_epochs()
    {
        ToolRun run = ToolRun.Inspect(new InspectRequest(data, Json: true));
        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement s = run.Json();
        Assert.Equal(NodeStoreWriter.ClusterId, s.GetProperty("cluster").GetString());
        Assert.Equal(2, s.GetProperty("node").GetInt32());
        Assert.Equal(written.Incarnation, s.GetProperty("incarnation").GetUInt32());
        Assert.Equal(1, s.GetProperty("formatVersion").GetInt32());
        Assert.Equal("3.1", s.GetProperty("promisedBallot").GetString());
        Assert.Equal(1UL, s.GetProperty("firstSlot").GetUInt64());
        Assert.Equal(7UL, s.GetProperty("commitSlot").GetUInt64());
        Assert.Equal(8UL, s.GetProperty("lastSlot").GetUInt64());
        Assert.Equal(8UL, s.GetProperty("slotsHeld").GetUInt64());
        Assert.Equal(1UL, s.GetProperty("noOps").GetUInt64());
        Assert.Equal(8UL, s.GetProperty("proposals").GetUInt64());
        JsonElement entries = s.GetProperty("entries");
        Assert.Equal(2, entries.GetProperty("connect").GetInt32());
        Assert.Equal(4, entries.GetProperty("data").GetInt32());
        Assert.Equal(1, entries.GetProperty("close").GetInt32());
        Assert.Equal(2, entries.GetProperty("epoch-end").GetInt32());
        Assert.Equal(1, entries.GetProperty("takeover").GetInt32());
        Assert.Equal(1, entries.GetProperty("empty-batch").GetInt32());
        long dataBytes = SampleLog.Set.Length + SampleLog.Get.Length + SampleLog.Binary.Length + SampleLog.Ping.Length;
        Assert.Equal(dataBytes, s.GetProperty("dataBytes").GetInt64());
        Assert.Equal(2, s.GetProperty("connections").GetInt32());
        Assert.Equal(3UL, s.GetProperty("lastCommittedEpoch").GetUInt64());
        Assert.Equal(SampleLog.StartNs + 1_000_000, s.GetProperty("firstLeaderTimestampNs").GetInt64());
        JsonElement epochs = s.GetProperty("epochStatistics");
        Assert.Equal(3, epochs.GetProperty("records").GetInt32());
        Assert.Equal(20, epochs.GetProperty("pagesDirtied").GetInt32());
        Assert.Equal(2, epochs.GetProperty("pagesSent").GetInt32());
        Assert.Equal(1320, epochs.GetProperty("pauseMicroseconds").GetInt32());
        Assert.Equal(0, s.GetProperty("checkpoints").GetProperty("keys").GetInt32());
        Assert.True(s.GetProperty("size").GetProperty("totalBytes").GetInt64() > 0);
    }

    [Fact]
    public void Summary_text_names_the_store_and_its_slots()
    {
        ToolRun run = ToolRun.Inspect(new InspectRequest(data));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"cluster {NodeStoreWriter.ClusterId}, node 2", run.Stdout);
        Assert.Contains("first 1, committed 7, last 8", run.Stdout);
        Assert.Contains("last committed epoch 3", run.Stdout);
        Assert.Contains(Path.Combine(data, "store"), run.Stdout);
    }

    [Fact]
    public void The_store_folder_itself_is_accepted_too()
    {
        ToolRun run = ToolRun.Inspect(new InspectRequest(Path.Combine(data, "store"), Json: true));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(8UL, run.Json().GetProperty("lastSlot").GetUInt64());
    }

    [Fact]
    public void Entries_by_slot_range_are_decoded_with_connection_bytes_and_leader_time()
    {
        ToolRun run = ToolRun.Inspect(new InspectRequest(data, Slots: "2..2", Json: true));
        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement[] entries = run.Json().GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(2, entries.Length);
        Assert.Equal("connect", entries[0].GetProperty("kind").GetString());
        Assert.Equal(SampleLog.C1, entries[0].GetProperty("connection").GetUInt64());
        Assert.Equal("1.4.1", entries[0].GetProperty("connectionName").GetString());
        Assert.Equal("data", entries[1].GetProperty("kind").GetString());
        Assert.Equal(SampleLog.Set, entries[1].GetProperty("bytes").GetBytesFromBase64());
        Assert.Equal("*3\\r\\n$3\\r\\nSET\\r\\n$1\\r\\na\\r\\n$1\\r\\n1\\r\\n", entries[1].GetProperty("preview").GetString());
        Assert.Equal(SampleLog.StartNs + 2_000_000, entries[1].GetProperty("leaderTimestampNs").GetInt64());
        Assert.Equal("2026-09-21T14:13:20.125456Z", entries[1].GetProperty("leaderTime").GetString());
        Assert.Equal(2UL, entries[1].GetProperty("epoch").GetUInt64());
        Assert.Equal(1, entries[1].GetProperty("position").GetInt32());
        Assert.True(entries[1].GetProperty("committed").GetBoolean());
    }

    [Fact]
    public void Entries_text_shows_a_printable_preview_of_binary_bytes()
    {
        ToolRun run = ToolRun.Inspect(new InspectRequest(data, Slots: "5..6"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("\"\\x00\\xFFA\\\\\\n\\x7F\"", run.Stdout);
        Assert.Contains("close", run.Stdout);
        Assert.Contains("empty-batch", run.Stdout);
        Assert.Contains("(3 entries)", run.Stdout);
    }

    [Fact]
    public void Entries_of_an_epoch_run_from_after_the_previous_boundary_through_its_own()
    {
        ToolRun run = ToolRun.Inspect(new InspectRequest(data, Epoch: 2, Json: true));
        Assert.True(run.ExitCode == 0, run.ToString());
        string[] kinds = run.Json().GetProperty("entries").EnumerateArray().Select(e => $"{e.GetProperty("slot")}:{e.GetProperty("kind").GetString()}").ToArray();
        Assert.Equal(["2:connect", "2:data", "3:no-op", "4:data", "4:connect", "4:epoch-end"], kinds);
    }

    [Fact]
    public void Entries_of_a_connection_in_every_form_of_its_id()
    {
        foreach (string id in new[] { "1.4.2", SampleLog.C2.ToString(), $"0x{SampleLog.C2:X}" })
        {
            ToolRun run = ToolRun.Inspect(new InspectRequest(data, Connection: id, Json: true));
            Assert.True(run.ExitCode == 0, run.ToString());
            JsonElement[] entries = run.Json().GetProperty("entries").EnumerateArray().ToArray();
            Assert.Equal([4UL, 5UL, 8UL], entries.Select(e => e.GetProperty("slot").GetUInt64()));
            Assert.False(entries[2].GetProperty("committed").GetBoolean());
            Assert.Equal(4UL, entries[2].GetProperty("epoch").GetUInt64());
            Assert.Equal(SampleLog.Ping, entries[2].GetProperty("bytes").GetBytesFromBase64());
        }
    }

    [Fact]
    public void The_limit_cuts_the_list_and_says_more_match()
    {
        ToolRun run = ToolRun.Inspect(new InspectRequest(data, AllEntries: true, Limit: 3, Json: true));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(3, run.Json().GetProperty("entries").GetArrayLength());
        Assert.True(run.Json().GetProperty("more").GetBoolean());
    }

    [Fact]
    public void Epoch_statistics_show_every_recorded_field()
    {
        ToolRun run = ToolRun.Inspect(new InspectRequest(data, EpochStatistics: true, Json: true));
        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement[] epochs = run.Json().GetProperty("epochs").EnumerateArray().ToArray();
        Assert.Equal([1UL, 2UL, 3UL], epochs.Select(e => e.GetProperty("epoch").GetUInt64()));
        JsonElement second = epochs[1];
        Assert.Equal(7, second.GetProperty("pagesDirtied").GetInt32());
        Assert.Equal(9, second.GetProperty("pagesCompared").GetInt32());
        Assert.Equal(7, second.GetProperty("pagesIdentical").GetInt32());
        Assert.Equal(2, second.GetProperty("pagesSent").GetInt32());
        Assert.Equal(8300, second.GetProperty("bytesSent").GetInt32());
        Assert.Equal(900, second.GetProperty("pauseMicroseconds").GetInt32());
        Assert.Equal("repaired", second.GetProperty("peers")[0].GetProperty("result").GetString());

        ToolRun one = ToolRun.Inspect(new InspectRequest(data, Epoch: 3, EpochStatistics: true));
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Contains("(1 epoch records", one.Stdout);
        Assert.Contains("2:equal", one.Stdout);
    }

    [Theory]
    [InlineData("9..3")]
    [InlineData("a..b")]
    [InlineData("1...")]
    public void A_malformed_slot_range_is_a_bad_query(string slots)
    {
        ToolRun run = ToolRun.Inspect(new InspectRequest(data, Slots: slots));
        Assert.Equal(LogExitCodes.BadQuery, run.ExitCode);
        Assert.Contains($"--slots '{slots}'", run.Stderr);
    }

    [Fact]
    public void A_malformed_connection_id_is_a_bad_query_and_json_says_so_too()
    {
        ToolRun run = ToolRun.Inspect(new InspectRequest(data, Connection: "1.x.2", Json: true));
        Assert.Equal(LogExitCodes.BadQuery, run.ExitCode);
        Assert.Equal("BadQuery", run.Json().GetProperty("error").GetString());
        Assert.Contains("--connection '1.x.2'", run.Stderr);
    }
}
