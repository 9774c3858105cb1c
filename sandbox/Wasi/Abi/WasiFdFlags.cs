namespace Plover.Sandbox.Wasi.Abi;

/// <summary>WASI preview1 <c>fdflags</c> (u16).</summary>
[Flags]
public enum WasiFdFlags : ushort
{
    None = 0,
    Append = 1 << 0,
    Dsync = 1 << 1,
    Nonblock = 1 << 2,
    Rsync = 1 << 3,
    Sync = 1 << 4,
    All = (1 << 5) - 1,
}
