using Plover.Linearizability.Resp;
using static Plover.Guests.Tests.Replies;

namespace Plover.Guests.Tests.Kv;

/// <summary>
/// Memory given back on DEL, FLUSHALL and expiry, seen from outside: kv-native's resident set must
/// not grow from one fill-and-empty cycle to the next. (Leaks in the strict sense are caught by the
/// kv-asan runs; this catches memory kept reachable but never reused.)
/// </summary>
public sealed class KvMemoryTests : KvServerTest
{
    private const int Keys = 20_000;
    private static readonly string Value = new('m', 1000);

    private long ResidentBytes()
    {
        string status = File.ReadAllText($"/proc/{Server.ProcessId}/status");
        string line = status.Split('\n').Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    private async Task FillAsync(string prefix, params string[] options)
    {
        const int Batch = 1000;
        for (int start = 0; start < Keys; start += Batch)
        {
            await Connection.SendAsync(Enumerable.Range(start, Batch)
                .Select(i => (IReadOnlyList<string>)["SET", $"{prefix}{i}", Value, .. options]).ToArray());
            for (int i = 0; i < Batch; i++) Expect(Ok, await Connection.ReadReplyAsync());
        }
        if (options.Length == 0) await Connection.ExpectAsync(Int(Keys), "DBSIZE"); // keys with a deadline may already be gone
    }

    private async Task DeleteAllAsync(string prefix)
    {
        const int Batch = 1000;
        for (int start = 0; start < Keys; start += Batch)
            await Connection.ExpectAsync(Int(Batch), ["DEL", .. Enumerable.Range(start, Batch).Select(i => $"{prefix}{i}")]);
    }

    [Fact]
    public async Task Emptying_the_key_space_by_del_flushall_or_expiry_gives_the_memory_back_for_reuse()
    {
        await FillAsync("a:");
        await Connection.ExpectAsync(Ok, "FLUSHALL");
        long afterFirstCycle = ResidentBytes();
        for (int cycle = 0; cycle < 3; cycle++)
        {
            await FillAsync("b:");
            await DeleteAllAsync("b:");
            await FillAsync("c:");
            await Connection.ExpectAsync(Ok, "FLUSHALL");
            await FillAsync("d:", "PX", "500");
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (((RespReply.Integer)await Connection.CallAsync("DBSIZE")).Value > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
            await Connection.ExpectAsync(Int(0), "DBSIZE");
        }
        long afterLastCycle = ResidentBytes();
        // Nine more fills of ~20 MiB each: without reuse the resident set would grow by well over 100 MiB.
        long filled = (long)Keys * Value.Length;
        Assert.True(afterLastCycle < afterFirstCycle + filled,
            $"resident set grew from {afterFirstCycle:N0} to {afterLastCycle:N0} bytes over nine fill-and-empty cycles of {filled:N0} bytes");
    }
}
