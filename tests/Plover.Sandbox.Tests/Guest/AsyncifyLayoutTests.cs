using Plover.Sandbox.Guest;
using Plover.Sandbox.Guest.Asyncify;
using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Guest;

/// <summary>Asyncify's globals are found from the exported control functions, whose shape is checked in full.</summary>
public class AsyncifyLayoutTests
{
    [GuestFact]
    public void FindsTheStateAndDataGlobalsOfAPreparedGuest()
    {
        AsyncifyLayout layout = AsyncifyLayout.Find(GuestModules.Kv)!;
        Assert.NotEqual(layout.StateGlobal, layout.DataGlobal);
        Assert.Null(AsyncifyLayout.Find(GuestModules.Get("kv.raw.wasm")));
    }

    [Fact]
    public void AModuleWithOnlySomeExportsIsRefused()
    {
        var e = Assert.Throws<GuestModuleException>(() => AsyncifyLayout.Find(Wat.Compile("""
            (module (global $s (mut i32) (i32.const 0)) (func (export "asyncify_get_state") (result i32) (global.get $s)))
            """)));
        Assert.Contains("only 1 of Asyncify's 5", e.Message);
    }

    [Fact]
    public void ExportsOfAnotherShapeAreRefused()
    {
        // start_unwind sets the state to 2 instead of 1.
        var e = Assert.Throws<GuestModuleException>(() => AsyncifyLayout.Find(Wat.Compile(Layout(startUnwindState: 2))));
        Assert.Contains("asyncify_start_unwind", e.Message);
        Assert.NotNull(AsyncifyLayout.Find(Wat.Compile(Layout(startUnwindState: 1))));
    }

    private static string Layout(int startUnwindState) => $$"""
        (module
          (memory 1)
          (global $state (mut i32) (i32.const 0))
          (global $data (mut i32) (i32.const 0))
          (func (export "asyncify_start_unwind") (param i32) (global.set $state (i32.const {{startUnwindState}})) (global.set $data (local.get 0)))
          (func (export "asyncify_stop_unwind") (global.set $state (i32.const 0)))
          (func (export "asyncify_start_rewind") (param i32) (global.set $state (i32.const 2)) (global.set $data (local.get 0)))
          (func (export "asyncify_stop_rewind") (global.set $state (i32.const 0)))
          (func (export "asyncify_get_state") (result i32) (global.get $state)))
        """;
}
