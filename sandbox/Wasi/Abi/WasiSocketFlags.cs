namespace Plover.Sandbox.Wasi.Abi;

/// <summary>WASI preview1 <c>riflags</c> (u16), given to <c>sock_recv</c>.</summary>
[Flags]
public enum WasiRiFlags : ushort
{
    None = 0,
    RecvPeek = 1 << 0,
    RecvWaitall = 1 << 1,
    All = RecvPeek | RecvWaitall,
}

/// <summary>WASI preview1 <c>roflags</c> (u16), returned by <c>sock_recv</c>.</summary>
[Flags]
public enum WasiRoFlags : ushort
{
    None = 0,
    RecvDataTruncated = 1 << 0,
}

/// <summary>WASI preview1 <c>sdflags</c> (u8): which directions <c>sock_shutdown</c> closes.</summary>
[Flags]
public enum WasiSdFlags : byte
{
    None = 0,
    Rd = 1 << 0,
    Wr = 1 << 1,
    All = Rd | Wr,
}
