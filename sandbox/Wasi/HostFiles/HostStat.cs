using System.Buffers.Binary;
using Plover.Sandbox.Wasi.Abi;
using Plover.Sandbox.Wasi.Memory;

namespace Plover.Sandbox.Wasi.HostFiles;

/// <summary>What <c>statx</c> says of a host file, in the terms of a WASI <c>filestat</c>.</summary>
internal readonly record struct HostStat(
    ulong Device, ulong Inode, WasiFiletype Filetype, ulong LinkCount, ulong Size,
    ulong AccessTimeNs, ulong ModificationTimeNs, ulong ChangeTimeNs)
{
    // Field offsets of the kernel's struct statx, the same on every architecture.
    private const int NlinkOffset = 16;
    private const int ModeOffset = 28;
    private const int InodeOffset = 32;
    private const int SizeOffset = 40;
    private const int AccessTimeOffset = 64;
    private const int ChangeTimeOffset = 96;
    private const int ModificationTimeOffset = 112;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;

    public bool IsDirectory => Filetype == WasiFiletype.Directory;

    public static HostStat FromStatx(ReadOnlySpan<byte> statx)
    {
        uint mode = BinaryPrimitives.ReadUInt16LittleEndian(statx[ModeOffset..]);
        ulong major = BinaryPrimitives.ReadUInt32LittleEndian(statx[DeviceMajorOffset..]);
        ulong minor = BinaryPrimitives.ReadUInt32LittleEndian(statx[DeviceMinorOffset..]);
        return new HostStat(
            (major << 32) | minor,
            BinaryPrimitives.ReadUInt64LittleEndian(statx[InodeOffset..]),
            FiletypeOfMode(mode),
            BinaryPrimitives.ReadUInt32LittleEndian(statx[NlinkOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(statx[SizeOffset..]),
            Nanoseconds(statx[AccessTimeOffset..]),
            Nanoseconds(statx[ModificationTimeOffset..]),
            Nanoseconds(statx[ChangeTimeOffset..]));
    }

    public static WasiFiletype FiletypeOfMode(uint mode) => (mode & LinuxConstants.FileTypeMask) switch
    {
        LinuxConstants.FileTypeRegular => WasiFiletype.RegularFile,
        LinuxConstants.FileTypeDirectory => WasiFiletype.Directory,
        LinuxConstants.FileTypeSymlink => WasiFiletype.SymbolicLink,
        LinuxConstants.FileTypeCharacterDevice => WasiFiletype.CharacterDevice,
        LinuxConstants.FileTypeBlockDevice => WasiFiletype.BlockDevice,
        LinuxConstants.FileTypeSocket => WasiFiletype.SocketStream,
        _ => WasiFiletype.Unknown,
    };

    /// <summary>Stores this as a 64-byte <c>filestat</c> at <paramref name="address"/>.</summary>
    public void WriteFilestat(IGuestMemory memory, uint address) =>
        WriteFilestat(memory, address, Device, Inode, Filetype, LinkCount, Size, AccessTimeNs, ModificationTimeNs, ChangeTimeNs);

    public static void WriteFilestat(
        IGuestMemory memory, uint address, ulong device, ulong inode, WasiFiletype filetype, ulong linkCount,
        ulong size, ulong accessTimeNs, ulong modificationTimeNs, ulong changeTimeNs)
    {
        Span<byte> stat = memory.Write(address, WasiLayout.FilestatSize);
        stat.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(stat[(int)WasiLayout.FilestatDeviceOffset..], device);
        BinaryPrimitives.WriteUInt64LittleEndian(stat[(int)WasiLayout.FilestatInodeOffset..], inode);
        stat[(int)WasiLayout.FilestatFiletypeOffset] = (byte)filetype;
        BinaryPrimitives.WriteUInt64LittleEndian(stat[(int)WasiLayout.FilestatLinkCountOffset..], linkCount);
        BinaryPrimitives.WriteUInt64LittleEndian(stat[(int)WasiLayout.FilestatSizeOffset..], size);
        BinaryPrimitives.WriteUInt64LittleEndian(stat[(int)WasiLayout.FilestatAccessTimeOffset..], accessTimeNs);
        BinaryPrimitives.WriteUInt64LittleEndian(stat[(int)WasiLayout.FilestatModificationTimeOffset..], modificationTimeNs);
        BinaryPrimitives.WriteUInt64LittleEndian(stat[(int)WasiLayout.FilestatChangeTimeOffset..], changeTimeNs);
    }

    // Times before 1970 have no u64 form; they read as 0.
    private static ulong Nanoseconds(ReadOnlySpan<byte> timestamp)
    {
        long seconds = BinaryPrimitives.ReadInt64LittleEndian(timestamp);
        uint nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);
        if (seconds < 0) return 0;
        return (ulong)seconds * 1_000_000_000UL + nanoseconds;
    }
}
