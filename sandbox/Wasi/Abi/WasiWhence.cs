namespace Plover.Sandbox.Wasi.Abi;

/// <summary>WASI preview1 <c>whence</c> (u8) for <c>fd_seek</c>.</summary>
public enum WasiWhence : byte
{
    Set = 0,
    Cur = 1,
    End = 2,
}
