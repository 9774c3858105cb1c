namespace Plover.Sandbox.Wasi.Abi;

/// <summary>WASI preview1 <c>clockid</c> (u32).</summary>
public enum WasiClockId : uint
{
    Realtime = 0,
    Monotonic = 1,
    ProcessCputimeId = 2,
    ThreadCputimeId = 3,
}
