namespace Plover.Sandbox.Wasi.Abi;

/// <summary>WASI preview1 <c>oflags</c> (u16): how <c>path_open</c> opens.</summary>
[Flags]
public enum WasiOpenFlags : ushort
{
    None = 0,
    Create = 1 << 0,
    Directory = 1 << 1,
    Exclusive = 1 << 2,
    Truncate = 1 << 3,
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
    AccessTime = 1 << 0,
    AccessTimeNow = 1 << 1,
    ModificationTime = 1 << 2,
    ModificationTimeNow = 1 << 3,
    All = (1 << 4) - 1,
}
