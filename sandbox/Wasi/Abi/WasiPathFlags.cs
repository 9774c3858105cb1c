namespace Plover.Sandbox.Wasi.Abi;

/// <summary>WASI preview1 <c>oflags</c> (u16): how <c>path_open</c> opens.</summary>
[Flags]
public enum WasiOpenFlags : ushort
{
    None = 0,
    Creat = 1 << 0,
    Directory = 1 << 1,
    Excl = 1 << 2,
    Trunc = 1 << 3,
    All = (1 << 4) - 1,
}

/// <summary>WASI preview1 <c>lookupflags</c> (u32): how a path's last component is resolved.</summary>
[Flags]
public enum WasiLookupFlags : uint
{
    None = 0,
    SymlinkFollow = 1 << 0,
    All = SymlinkFollow,
}

/// <summary>WASI preview1 <c>fstflags</c> (u16): which file times to set, and how.</summary>
[Flags]
public enum WasiFstFlags : ushort
{
    None = 0,
    Atim = 1 << 0,
    AtimNow = 1 << 1,
    Mtim = 1 << 2,
    MtimNow = 1 << 3,
    All = (1 << 4) - 1,
}
