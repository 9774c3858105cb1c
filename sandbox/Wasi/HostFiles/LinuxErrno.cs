using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi.HostFiles;

/// <summary>Linux error numbers (the same on x86-64 and arm64) and their WASI equivalents.</summary>
internal static class LinuxErrno
{
    public const int NoEntry = 2;
    public const int Interrupted = 4;
    public const int BadDescriptor = 9;
    public const int Again = 11;
    public const int NotDirectory = 20;
    public const int IsDirectory = 21;
    public const int Invalid = 22;
    public const int Loop = 40;

    public static WasiErrno ToWasi(int errno) => errno switch
    {
        1 => WasiErrno.Permission,
        2 => WasiErrno.NoEntry,
        3 => WasiErrno.NoSuchProcess,
        4 => WasiErrno.Interrupted,
        5 => WasiErrno.Io,
        6 => WasiErrno.NoDeviceOrAddress,
        7 => WasiErrno.TooBig,
        8 => WasiErrno.NoExec,
        9 => WasiErrno.BadDescriptor,
        10 => WasiErrno.Child,
        11 => WasiErrno.Again,
        12 => WasiErrno.NoMemory,
        13 => WasiErrno.Access,
        14 => WasiErrno.Fault,
        16 => WasiErrno.Busy,
        17 => WasiErrno.Exist,
        18 => WasiErrno.CrossDevice,
        19 => WasiErrno.NoDevice,
        20 => WasiErrno.NotDirectory,
        21 => WasiErrno.IsDirectory,
        22 => WasiErrno.Invalid,
        23 => WasiErrno.TooManyFilesInSystem,
        24 => WasiErrno.TooManyFiles,
        25 => WasiErrno.NotTty,
        26 => WasiErrno.TextFileBusy,
        27 => WasiErrno.FileTooBig,
        28 => WasiErrno.NoSpace,
        29 => WasiErrno.InvalidSeek,
        30 => WasiErrno.ReadOnlyFileSystem,
        31 => WasiErrno.TooManyLinks,
        32 => WasiErrno.Pipe,
        33 => WasiErrno.Domain,
        34 => WasiErrno.Range,
        35 => WasiErrno.Deadlock,
        36 => WasiErrno.NameTooLong,
        37 => WasiErrno.NoLock,
        38 => WasiErrno.NoSystemCall,
        39 => WasiErrno.NotEmpty,
        40 => WasiErrno.Loop,
        42 => WasiErrno.NoMessage,
        43 => WasiErrno.IdentifierRemoved,
        61 => WasiErrno.NoEntry,          // ENODATA: no such attribute, reported as missing
        67 => WasiErrno.NoLink,
        71 => WasiErrno.Protocol,
        72 => WasiErrno.Multihop,
        74 => WasiErrno.BadMessage,
        75 => WasiErrno.Overflow,
        84 => WasiErrno.IllegalSequence,
        88 => WasiErrno.NotSocket,
        89 => WasiErrno.DestinationAddressRequired,
        90 => WasiErrno.MessageSize,
        91 => WasiErrno.ProtocolWrongType,
        92 => WasiErrno.NoProtocolOption,
        93 => WasiErrno.ProtocolNotSupported,
        95 => WasiErrno.NotSupported,
        97 => WasiErrno.AddressFamilyNotSupported,
        98 => WasiErrno.AddressInUse,
        99 => WasiErrno.AddressNotAvailable,
        100 => WasiErrno.NetworkDown,
        101 => WasiErrno.NetworkUnreachable,
        102 => WasiErrno.NetworkReset,
        103 => WasiErrno.ConnectionAborted,
        104 => WasiErrno.ConnectionReset,
        105 => WasiErrno.NoBufferSpace,
        106 => WasiErrno.IsConnected,
        107 => WasiErrno.NotConnected,
        110 => WasiErrno.TimedOut,
        111 => WasiErrno.ConnectionRefused,
        113 => WasiErrno.HostUnreachable,
        114 => WasiErrno.Already,
        115 => WasiErrno.InProgress,
        116 => WasiErrno.Stale,
        122 => WasiErrno.Quota,
        125 => WasiErrno.Canceled,
        130 => WasiErrno.OwnerDead,
        131 => WasiErrno.NotRecoverable,
        _ => WasiErrno.Io,
    };
}
