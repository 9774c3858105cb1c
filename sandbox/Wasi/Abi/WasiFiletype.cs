namespace Plover.Sandbox.Wasi.Abi;

/// <summary>WASI preview1 <c>filetype</c> (u8).</summary>
public enum WasiFiletype : byte
{
    Unknown = 0,
    BlockDevice = 1,
    CharacterDevice = 2,
    Directory = 3,
    RegularFile = 4,
    SocketDgram = 5,
    SocketStream = 6,
    SymbolicLink = 7,
}
