namespace Plover.Sandbox.Wasi.Abi;

/// <summary>WASI preview1 <c>clockid</c> (u32).</summary>
public enum WasiClockId : uint
{
    Realtime = 0,
    Monotonic = 1,
    ProcessCputime = 2,
    ThreadCputime = 3,
}
