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
        1 => WasiErrno.Perm,
        2 => WasiErrno.Noent,
        3 => WasiErrno.Srch,
        4 => WasiErrno.Intr,
        5 => WasiErrno.Io,
        6 => WasiErrno.Nxio,
        7 => WasiErrno.TooBig,
        8 => WasiErrno.Noexec,
        9 => WasiErrno.Badf,
        10 => WasiErrno.Child,
        11 => WasiErrno.Again,
        12 => WasiErrno.Nomem,
        13 => WasiErrno.Acces,
        14 => WasiErrno.Fault,
        16 => WasiErrno.Busy,
        17 => WasiErrno.Exist,
        18 => WasiErrno.Xdev,
        19 => WasiErrno.Nodev,
        20 => WasiErrno.Notdir,
        21 => WasiErrno.Isdir,
        22 => WasiErrno.Inval,
        23 => WasiErrno.Nfile,
        24 => WasiErrno.Mfile,
        25 => WasiErrno.Notty,
        26 => WasiErrno.Txtbsy,
        27 => WasiErrno.Fbig,
        28 => WasiErrno.Nospc,
        29 => WasiErrno.Spipe,
        30 => WasiErrno.Rofs,
        31 => WasiErrno.Mlink,
        32 => WasiErrno.Pipe,
        33 => WasiErrno.Dom,
        34 => WasiErrno.Range,
        35 => WasiErrno.Deadlk,
        36 => WasiErrno.Nametoolong,
        37 => WasiErrno.Nolck,
        38 => WasiErrno.Nosys,
        39 => WasiErrno.Notempty,
        40 => WasiErrno.Loop,
        42 => WasiErrno.Nomsg,
        43 => WasiErrno.Idrm,
        61 => WasiErrno.Noent,          // ENODATA: no such attribute, reported as missing
        67 => WasiErrno.Nolink,
        71 => WasiErrno.Proto,
        72 => WasiErrno.Multihop,
        74 => WasiErrno.Badmsg,
        75 => WasiErrno.Overflow,
        84 => WasiErrno.Ilseq,
        88 => WasiErrno.Notsock,
        89 => WasiErrno.Destaddrreq,
        90 => WasiErrno.Msgsize,
        91 => WasiErrno.Prototype,
        92 => WasiErrno.Noprotoopt,
        93 => WasiErrno.Protonosupport,
        95 => WasiErrno.Notsup,
        97 => WasiErrno.Afnosupport,
        98 => WasiErrno.Addrinuse,
        99 => WasiErrno.Addrnotavail,
        100 => WasiErrno.Netdown,
        101 => WasiErrno.Netunreach,
        102 => WasiErrno.Netreset,
        103 => WasiErrno.Connaborted,
        104 => WasiErrno.Connreset,
        105 => WasiErrno.Nobufs,
        106 => WasiErrno.Isconn,
        107 => WasiErrno.Notconn,
        110 => WasiErrno.Timedout,
        111 => WasiErrno.Connrefused,
        113 => WasiErrno.Hostunreach,
        114 => WasiErrno.Already,
        115 => WasiErrno.Inprogress,
        116 => WasiErrno.Stale,
        122 => WasiErrno.Dquot,
        125 => WasiErrno.Canceled,
        130 => WasiErrno.Ownerdead,
        131 => WasiErrno.Notrecoverable,
        _ => WasiErrno.Io,
    };
}
