using Plover.Sandbox.Guest;
using Plover.Sandbox.Guest.State;
using Plover.Sandbox.Wasi.Time;

namespace Plover.Sandbox.Tests.Guest;

/// <summary>
/// Replicas of one guest: in deterministic mode, the same inputs with the same event contexts give
/// the same state without any repair; in passthrough mode they diverge, and the epoch protocol's
/// page hashes find the divergent pages, whose transfer (with globals and library OS state where
/// their sub-hash differs) makes the states equal.
/// </summary>
public class ReplicaAgreementTests
{
    [GuestFact]
    public void DeterministicKvReplicasAgreeWithoutRepair() => AssertReplicasAgree(GuestModules.Kv,
        [["SET", "a", "1", "PX", "5000"], ["INCR", "n"], ["MSET", "b", "2", "c", "3"], ["GET", "a"], ["DEL", "c"], ["SET", "big", new string('x', 20000)]]);

    [GuestFact]
    public void DeterministicNondetReplicasAgreeWithoutRepair() => AssertReplicasAgree(GuestModules.Nondet,
        [["SET", "a", "1"], ["SET", "b", "2"], ["GET", "a"], ["RECENT"], ["SET", "a", "3"]]);

    [GuestFact]
    public void PassthroughReplicasDivergeAndOnlyTheDivergentPagesRepairThem()
    {
        using var primary = new RespDriver(GuestModules.Nondet, WasiNondeterminism.Passthrough());
        primary.RunToBlock();
        using var backup = RespDriver.Restored(GuestModules.Nondet, primary.Options, primary.Machine.CaptureState());
        Assert.Equal(primary.Machine.ComputeDigest(), backup.Machine.ComputeDigest());
        primary.Machine.MarkEpoch();
        backup.Machine.MarkEpoch();

        foreach (RespDriver replica in new[] { primary, backup })
        {
            replica.Connect(1);
            for (int i = 0; i < 20; i++) replica.Send(1, ["SET", $"key{i}", $"value{i}"]);
            replica.Send(1, ["GET", "key3"]);
        }
        Assert.NotEqual(primary.Received(1), backup.Received(1));  // the stamps and tokens differ
        GuestStateDigest primaryDigest = primary.Machine.ComputeDigest(), backupDigest = backup.Machine.ComputeDigest();
        Assert.Contains("Pages", backupDigest.DifferingParts(primaryDigest));

        int[] compared = primary.Machine.DirtyPagesSinceMark().Union(backup.Machine.DirtyPagesSinceMark()).Order().ToArray();
        ulong[] primaryHashes = primary.Machine.HashPages(compared), backupHashes = backup.Machine.HashPages(compared);
        int[] divergent = compared.Where((page, i) => primaryHashes[i] != backupHashes[i]).ToArray();
        Assert.All(divergent, page => Assert.NotEqual(primary.Machine.HashPage(page), backup.Machine.HashPage(page)));
        Assert.NotEmpty(divergent);
        Repair(backup.Machine, primary.Machine, divergent, backupDigest.DifferingParts(primaryDigest));

        Assert.Equal(primary.Machine.ComputeDigest(), backup.Machine.ComputeDigest());
        Assert.True(divergent.Length * 10 < primary.Machine.PageCount,
            $"{divergent.Length} divergent pages of {primary.Machine.PageCount}: only a small part of memory should travel");
        int mark = primary.Received(1).Length, backupMark = backup.Received(1).Length;
        primary.Send(1, ["GET", "key7"], ["RECENT"]);
        backup.Send(1, ["GET", "key7"], ["RECENT"]);
        Assert.Equal(primary.ReceivedSince(1, mark), backup.ReceivedSince(1, backupMark));
    }

    [GuestFact]
    public void PatchingPagesAloneLeavesTheOtherPartsDifferent()
    {
        using var primary = new RespDriver(GuestModules.Kv);
        using var backup = new RespDriver(GuestModules.Kv);
        primary.RunToBlock();
        backup.RunToBlock();
        primary.Connect(1);
        primary.Send(1, ["SET", "only", "here"]);
        int[] pages = Enumerable.Range(0, primary.Machine.PageCount).ToArray();
        backup.Machine.ApplyMemorySize(primary.Machine.MemoryPages);
        backup.Machine.ApplyPages(pages.Select(p => new GuestPage(p, primary.Machine.ReadPage(p))));
        GuestStateDigest p = primary.Machine.ComputeDigest(), b = backup.Machine.ComputeDigest();
        Assert.Equal(p.Pages, b.Pages);
        // The primary blocked with a connection open: its poll's subscriptions took more stack
        // (__stack_pointer differs) and its library OS holds the connection.
        Assert.Equal(["Globals", "LibraryOs"], b.DifferingParts(p));
        backup.Machine.ApplyGlobals(primary.Machine.CaptureGlobals());
        Assert.Equal(["LibraryOs"], backup.Machine.ComputeDigest().DifferingParts(p));
        backup.Machine.ApplyLibraryOsState(primary.Machine.CaptureLibraryOsState());
        Assert.Equal(p, backup.Machine.ComputeDigest());
        backup.Send(1, ["GET", "only"]);
        Assert.Equal("$4\r\nhere\r\n", backup.Received(1));
    }

    private static void AssertReplicasAgree(Module module, string[][] commands)
    {
        using var one = new RespDriver(module);
        using var two = new RespDriver(module);
        long time = RespDriver.StartTimeNs;
        foreach (RespDriver replica in new[] { one, two })
        {
            replica.RunToBlock();
            replica.Machine.MarkEpoch();
            for (int i = 0; i < commands.Length; i++)
            {
                replica.Machine.SetEventContext(time + i * 1_000_000, (ulong)i * 7919);
                if (i == 0) replica.Connect(1);
                replica.Send(1, commands[i]);
            }
        }
        Assert.Equal(one.Received(1), two.Received(1));
        Assert.Equal(one.Machine.DirtyPagesSinceMark(), two.Machine.DirtyPagesSinceMark());
        Assert.NotEmpty(one.Machine.DirtyPagesSinceMark());
        Assert.Equal(one.Machine.ComputeDigest(), two.Machine.ComputeDigest());
        Assert.Equal(one.Machine.HashAllPages(), two.Machine.HashAllPages());
    }

    private static void Repair(GuestMachine backup, GuestMachine primary, int[] divergent, IReadOnlyList<string> differing)
    {
        if (differing.Contains("MemorySize")) backup.ApplyMemorySize(primary.MemoryPages);
        backup.ApplyPages(divergent.Select(page => new GuestPage(page, primary.ReadPage(page))));
        if (differing.Contains("Globals")) backup.ApplyGlobals(primary.CaptureGlobals());
        if (differing.Contains("Tables")) backup.ApplyTables(primary.CaptureTables());
        if (differing.Contains("LibraryOs")) backup.ApplyLibraryOsState(primary.CaptureLibraryOsState());
    }
}
