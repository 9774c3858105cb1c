using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi;

// proc_exit, proc_raise, sched_yield.
public sealed partial class WasiLibraryOs
{
    /// <summary>Never returns: throws <see cref="WasiExitException"/> for the embedder to unwind the guest.</summary>
    public void ProcExit(IGuestMemory memory, uint exitCode) => throw new WasiExitException(exitCode);

    /// <summary>Signals are not supported (as in wasmtime); EINVAL for a number that names no signal.</summary>
    public WasiErrno ProcRaise(IGuestMemory memory, uint signal)
    {
        const uint SignalMax = 30;
        return signal > SignalMax ? WasiErrno.Inval : WasiErrno.Notsup;
    }

    /// <summary>One guest per thread: there is nothing to yield to.</summary>
    public WasiErrno SchedYield(IGuestMemory memory) => WasiErrno.Success;
}
