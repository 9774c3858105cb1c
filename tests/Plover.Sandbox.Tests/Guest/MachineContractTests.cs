using Plover.Sandbox.Guest;
using Plover.Sandbox.Guest.State;

namespace Plover.Sandbox.Tests.Guest;

/// <summary>What the machine refuses: state operations at the wrong time, and patches that do not fit.</summary>
public class MachineContractTests
{
    [GuestFact]
    public void PatchesNeedABlockedMachine()
    {
        using var kv = new RespDriver(GuestModules.Kv);
        Assert.Throws<InvalidOperationException>(() => kv.Machine.ApplyPages([]));
        Assert.Throws<InvalidOperationException>(() => kv.Machine.ApplyLibraryOsState([]));
        Assert.NotEmpty(kv.Machine.DirtyPagesSinceMark());  // a fresh machine's pages are all new
        kv.RunToBlock();
        kv.Machine.ApplyPages([]);
    }

    [GuestFact]
    public void MemoryNeverShrinksAndPagesMustLieInside()
    {
        using var kv = new RespDriver(GuestModules.Kv);
        kv.RunToBlock();
        Assert.Contains("cannot shrink", Assert.Throws<GuestStateException>(() => kv.Machine.ApplyMemorySize(1)).Message);
        Assert.Throws<GuestStateException>(() => kv.Machine.ApplyPages([new GuestPage(kv.Machine.PageCount, new byte[4096])]));
        uint pages = kv.Machine.MemoryPages;
        kv.Machine.ApplyMemorySize(pages + 2);
        Assert.Equal(pages + 2, kv.Machine.MemoryPages);
        Assert.Contains(kv.Machine.PageCount - 1, kv.Machine.DirtyPagesSinceMark());
    }

    [GuestFact]
    public void GlobalsMustMatchTheModule()
    {
        using var kv = new RespDriver(GuestModules.Kv);
        kv.RunToBlock();
        IReadOnlyList<GuestGlobal> globals = kv.Machine.CaptureGlobals();
        Assert.Throws<GuestStateException>(() => kv.Machine.ApplyGlobals(globals.Skip(1).ToList()));
        var retyped = globals.ToArray();
        retyped[0] = retyped[0] with { Kind = ValueKind.I64 };
        Assert.Throws<GuestStateException>(() => kv.Machine.ApplyGlobals(retyped));
        kv.Machine.ApplyGlobals(globals);
        Assert.Equal(globals, kv.Machine.CaptureGlobals());
    }

    [GuestFact]
    public void AStateMadeWithAnotherBufferSizeDoesNotRestore()
    {
        using var kv = new RespDriver(GuestModules.Kv);
        kv.RunToBlock();
        GuestState state = kv.Machine.CaptureState();
        var e = Assert.Throws<GuestStateException>(() => RespDriver.Restored(GuestModules.Kv, kv.Options with { AsyncifyBufferBytes = 4096 }, state).Dispose());
        Assert.Contains("another buffer size", e.Message);
    }

    [GuestFact]
    public void RunningAFinishedMachineGivesItsResultAgain()
    {
        using var kv = new RespDriver(GuestModules.Kv, options: new GuestMachineOptions { FuelPerRun = 10 });
        GuestRunResult result = kv.Machine.RunUntilBlocked();
        Assert.Equal(GuestRunStatus.OutOfFuel, result.Status);
        Assert.Same(result, kv.Machine.RunUntilBlocked());
        Assert.Throws<InvalidOperationException>(() => kv.Machine.CaptureState());
        Assert.False(kv.Machine.CanResume);
    }

    [Fact]
    public void OptionsAreChecked()
    {
        Assert.Throws<ArgumentException>(() => new GuestMachine(GuestModulesForOptions(), new GuestMachineOptions { FuelPerRun = 0 }));
        Assert.Throws<ArgumentException>(() => new GuestMachine(GuestModulesForOptions(), new GuestMachineOptions { AsyncifyBufferBytes = 100 }));
        Assert.Throws<ArgumentException>(() => new GuestMachine(GuestModulesForOptions(), new GuestMachineOptions { MemoryPagesLimit = 0 }));
    }

    [Fact]
    public void CapturedOutputKeepsTheNewestBytes()
    {
        var output = new CapturedOutput(8);
        output.Write("hello"u8);
        Assert.Equal("hello"u8.ToArray(), output.ToArray());
        output.Write(" world"u8);
        Assert.Equal("lo world"u8.ToArray(), output.ToArray());
        Assert.Equal(11, output.TotalBytesWritten);
        Assert.Equal(3, output.DroppedBytes);
        output.Write("0123456789"u8);
        Assert.Equal("23456789"u8.ToArray(), output.Take());
        Assert.Empty(output.ToArray());
        Assert.Equal(0, output.TotalBytesWritten);
    }

    private static Module GuestModulesForOptions() => WatGuest.Plain("""(module (memory (export "memory") 1) (func (export "_start")))""");
}
