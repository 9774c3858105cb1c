using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi;

// clock_res_get, clock_time_get, random_get.
public sealed partial class WasiLibraryOs
{
    public WasiErrno ClockResGet(IGuestMemory memory, uint clockId, uint resolutionOut)
    {
        WasiErrno supported = CheckClock(clockId);
        if (supported != WasiErrno.Success) return supported;
        try
        {
            memory.WriteUInt64(resolutionOut, _time.ResolutionNs((WasiClockId)clockId));
            return WasiErrno.Success;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    /// <summary><paramref name="precisionNs"/> is a hint the library OS may ignore, and does.</summary>
    public WasiErrno ClockTimeGet(IGuestMemory memory, uint clockId, ulong precisionNs, uint timeOut)
    {
        WasiErrno supported = CheckClock(clockId);
        if (supported != WasiErrno.Success) return supported;
        try
        {
            memory.CheckRange(timeOut, 1, 8);
            memory.WriteUInt64(timeOut, _time.NowNs((WasiClockId)clockId));
            return WasiErrno.Success;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    public WasiErrno RandomGet(IGuestMemory memory, uint buffer, uint length)
    {
        try
        {
            memory.CheckRange(buffer, length, 1);
            if (length > 0) _time.FillRandom(memory.Write(buffer, length));
            return WasiErrno.Success;
        }
        catch (GuestMemoryFaultException)
        {
            return WasiErrno.Fault;
        }
    }

    // The CPU-time clocks exist in the ABI but not here: EBADF for them (as wasmtime), EINVAL for
    // numbers that name no clock.
    private static WasiErrno CheckClock(uint clockId) => (WasiClockId)clockId switch
    {
        WasiClockId.Realtime or WasiClockId.Monotonic => WasiErrno.Success,
        WasiClockId.ProcessCputimeId or WasiClockId.ThreadCputimeId => WasiErrno.Badf,
        _ => WasiErrno.Inval,
    };
}
