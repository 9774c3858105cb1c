using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Plover.Deploy.Tests;

/// <summary>
/// The local rehearsal of a deployment: the kv guest on three namespaced hosts, a client load, the
/// primary's cable pulled, service continuing on a new primary with every acknowledged write, the
/// cable plugged back and the old primary rejoining as a backup that catches up.
/// </summary>
public sealed class RehearsalTests(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan RejoinTimeout = TimeSpan.FromSeconds(90);
    private readonly TempFolder folder = new("plover-rehearsal");

    public void Dispose() => folder.Dispose();

    [NetnsFact]
    public async Task Service_survives_a_cut_primary_link_and_the_node_rejoins_when_it_is_restored()
    {
        Rehearsal rehearsal = await Rehearsal.StartAsync(Programs.Guest("kv.wasm"), folder.Path);
        try
        {
            await RunScenarioAsync(rehearsal);
        }
        finally
        {
            await rehearsal.DisposeAsync();
            log.WriteLine(rehearsal.Output);
        }
        Assert.Empty(await rehearsal.NamespacesLeftAsync());
        Assert.Contains("removed namespaces", rehearsal.Output);
    }

    private async Task RunScenarioAsync(Rehearsal rehearsal)
    {
        JsonElement[] before = await rehearsal.StatusAsync();
        int primary = before.Single(s => s.GetProperty("serving").GetBoolean()).GetProperty("node").GetInt32();
        int[] survivors = [.. new[] { 1, 2, 3 }.Where(n => n != primary)];
        log.WriteLine($"primary before the cut: node {primary}");

        await WriteAllAsync(rehearsal, survivors[0], Keys("before", 1, 10), TimeSpan.FromSeconds(20));  // forwarded to the primary
        await WriteAllAsync(rehearsal, primary, Keys("before", 11, 20), TimeSpan.FromSeconds(20));

        await rehearsal.SetLinkAsync(primary, up: false);
        int newPrimary = await WaitForNewPrimaryAsync(rehearsal, primary);
        log.WriteLine($"primary after the cut: node {newPrimary}");
        Assert.Contains(newPrimary, survivors);
        int other = survivors.Single(n => n != newPrimary);

        await WriteAllAsync(rehearsal, newPrimary, Keys("during", 1, 10), FailoverTimeout);
        await WriteAllAsync(rehearsal, other, Keys("during", 11, 20), FailoverTimeout);
        await ReadAllAsync(rehearsal, newPrimary, [.. Keys("before", 1, 20), .. Keys("during", 1, 20)]);

        await rehearsal.SetLinkAsync(primary, up: true);
        await WaitForRejoinAsync(rehearsal, primary);
        await ReadAllAsync(rehearsal, primary, Keys("during", 1, 20)); // through the rejoined node, forwarded to the primary
    }

    private static (string Key, string Value)[] Keys(string phase, int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(i => ($"{phase}:{i}", $"{phase}-value-{i}")).ToArray();

    /// <summary>SETs every key through <paramref name="node"/>, again until every reply is OK (SET is idempotent), bounded in time.</summary>
    private async Task WriteAllAsync(Rehearsal rehearsal, int node, (string Key, string Value)[] pairs, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string[] replies = await rehearsal.RedisAsync(node, pairs.Select(p => $"SET {p.Key} {p.Value}"));
            if (replies.Length == pairs.Length && replies.All(r => r == "OK")) return;
            log.WriteLine($"writes through node {node} not all acknowledged yet: {string.Join(' ', replies)}");
            if (clock.Elapsed > timeout) Assert.Fail($"writes through node {node} were not acknowledged within {timeout}: {string.Join(' ', replies)}\n{rehearsal.Output}");
            await Task.Delay(500);
        }
    }

    /// <summary>GETs every key through <paramref name="node"/> (retrying while the node's session is being rebound) and checks each value.</summary>
    private async Task ReadAllAsync(Rehearsal rehearsal, int node, (string Key, string Value)[] pairs)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string[] replies = await rehearsal.RedisAsync(node, pairs.Select(p => $"GET {p.Key}"));
            if (replies.Length == pairs.Length)
            {
                Assert.Equal(pairs.Select(p => p.Value), replies);
                return;
            }
            if (clock.Elapsed > FailoverTimeout) Assert.Fail($"reads through node {node} did not complete within {FailoverTimeout}: {string.Join(' ', replies)}");
            await Task.Delay(500);
        }
    }

    private async Task<int> WaitForNewPrimaryAsync(Rehearsal rehearsal, int cut)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < FailoverTimeout)
        {
            JsonElement[] statuses = await rehearsal.StatusAsync();
            JsonElement cutNode = statuses.Single(s => s.GetProperty("node").GetInt32() == cut);
            Assert.NotEqual(JsonValueKind.Null, cutNode.GetProperty("problem").ValueKind); // unreachable from the client once its cable is out
            JsonElement? serving = statuses.Where(s => s.GetProperty("serving").GetBoolean()).Cast<JsonElement?>().FirstOrDefault();
            if (serving is { } s) return s.GetProperty("node").GetInt32();
            await Task.Delay(300);
        }
        Assert.Fail($"no survivor served within {FailoverTimeout} after node {cut}'s link was cut\n{rehearsal.Output}");
        return 0;
    }

    /// <summary>The restored node answers again, follows (does not serve), and has executed everything the primary had committed when it came back.</summary>
    private async Task WaitForRejoinAsync(Rehearsal rehearsal, int node)
    {
        var clock = Stopwatch.StartNew();
        ulong? target = null;
        while (clock.Elapsed < RejoinTimeout)
        {
            JsonElement[] statuses = await rehearsal.StatusAsync();
            JsonElement self = statuses.Single(s => s.GetProperty("node").GetInt32() == node);
            JsonElement? primary = statuses.Where(s => s.GetProperty("serving").GetBoolean()).Cast<JsonElement?>().FirstOrDefault();
            if (primary is { } p && p.GetProperty("node").GetInt32() != node) target ??= p.GetProperty("commitSlot").GetUInt64();
            if (target is { } t && self.GetProperty("problem").ValueKind == JsonValueKind.Null && self.GetProperty("health").GetString() == "following"
                && self.GetProperty("executedSlot").GetUInt64() >= t)
            {
                log.WriteLine($"node {node} rejoined: executed {self.GetProperty("executedSlot")} >= {t} after {clock.Elapsed.TotalSeconds:F1} s");
                return;
            }
            await Task.Delay(500);
        }
        Assert.Fail($"node {node} did not rejoin and catch up within {RejoinTimeout}\n{string.Join('\n', (await rehearsal.StatusAsync()).Select(s => s.ToString()))}");
    }
}
