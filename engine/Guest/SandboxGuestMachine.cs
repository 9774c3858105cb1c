using Plover.Sandbox;
using Plover.Sandbox.Guest;
using Plover.Sandbox.Guest.State;
using Plover.Sandbox.Wasi.Network;
using SandboxResult = Plover.Sandbox.Guest.GuestRunResult;
using SandboxStatus = Plover.Sandbox.Guest.GuestRunStatus;

namespace Plover.Engine.Guest;

/// <summary>
/// <see cref="IGuestMachine"/> over the sandbox's Asyncify-driven <see cref="GuestMachine"/>. Dirty
/// pages are the sandbox's own exact set since its last epoch mark; globals and tables travel in
/// <see cref="GuestPartsCodec"/>'s canonical bytes.
/// </summary>
public sealed class SandboxGuestMachine : IGuestMachine
{
    private const int PagesPerWasmPage = 65536 / IGuestMachine.PageBytes;

    private readonly GuestMachine machine;

    public SandboxGuestMachine(GuestMachine machine)
    {
        this.machine = machine;
    }

    /// <summary>The sandbox's machine, for what the seam does not carry (checkpoints capture its whole state).</summary>
    public GuestMachine Inner => machine;

    public GuestConnectOutcome Connect(ulong connection) =>
        machine.Connect(connection) == WasiConnectOutcome.Queued ? GuestConnectOutcome.Queued : GuestConnectOutcome.Refused;

    public GuestDeliverOutcome Deliver(ulong connection, ReadOnlySpan<byte> bytes) => machine.Deliver(connection, bytes) switch
    {
        WasiDeliverOutcome.Buffered => GuestDeliverOutcome.Buffered,
        WasiDeliverOutcome.Full => GuestDeliverOutcome.Full,
        _ => GuestDeliverOutcome.Discarded,
    };

    public bool PeerClosed(ulong connection) => machine.PeerClosed(connection);

    public void SetEventContext(long timestampNs, ulong seed) => machine.SetEventContext(timestampNs, seed);

    public GuestRunResult RunUntilBlocked() => Translate(machine.RunUntilBlocked());

    public bool CanResume => machine.CanResume;

    public int PageCount => machine.PageCount;

    public int DirtyPageCount => machine.Phase is GuestMachinePhase.Blocked or GuestMachinePhase.NotStarted ? machine.DirtyPagesSinceMark().Length : 0;

    public IReadOnlyList<int> TakeDirtyPages()
    {
        int[] dirty = machine.DirtyPagesSinceMark();
        machine.MarkEpoch();
        return dirty;
    }

    public void ReadPage(int index, Span<byte> destination) => machine.ReadPage(index).CopyTo(destination);

    public void WritePage(int index, ReadOnlySpan<byte> source) => machine.ApplyPages([new GuestPage(index, source.ToArray())]);

    public void GrowTo(int pageCount)
    {
        Invariant.Require(pageCount % PagesPerWasmPage == 0, $"memory grows in 64 KiB wasm pages: {pageCount} pages of 4 KiB is not a whole number of them");
        machine.ApplyMemorySize((uint)(pageCount / PagesPerWasmPage));
    }

    public byte[] CaptureGlobals() => GuestPartsCodec.EncodeGlobals(machine.CaptureGlobals());

    public void RestoreGlobals(ReadOnlySpan<byte> encoded) => machine.ApplyGlobals(GuestPartsCodec.DecodeGlobals(encoded));

    public byte[] CaptureTable() => GuestPartsCodec.EncodeTables(machine.CaptureTables());

    public void RestoreTable(ReadOnlySpan<byte> encoded) => machine.ApplyTables(GuestPartsCodec.DecodeTables(encoded));

    public byte[] CaptureLibraryOs() => machine.CaptureLibraryOsState();

    public void RestoreLibraryOs(ReadOnlySpan<byte> encoded) => machine.ApplyLibraryOsState(encoded.ToArray());

    public void Dispose() => machine.Dispose();

    private static GuestRunResult Translate(SandboxResult result) => result.Status switch
    {
        SandboxStatus.Blocked => GuestRunResult.Blocked(result.NanosecondsUntilDeadline),
        SandboxStatus.Exited => GuestRunResult.Exited(unchecked((int)result.ExitCode.GetValueOrDefault())),
        SandboxStatus.Trapped when result.Trap?.Code == TrapCode.CallStackExhausted => GuestRunResult.LimitHit(result.Description),
        SandboxStatus.Trapped => GuestRunResult.Trapped(result.Description),
        SandboxStatus.OutOfFuel or SandboxStatus.MemoryLimitExceeded => GuestRunResult.LimitHit(result.Description),
        SandboxStatus.Faulted => GuestRunResult.Trapped(result.Description),
        _ => throw new InvalidOperationException($"the sandbox reported run status {result.Status}, which the engine does not know"),
    };
}
