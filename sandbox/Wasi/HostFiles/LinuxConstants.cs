using System.Runtime.InteropServices;

namespace Plover.Sandbox.Wasi.HostFiles;

/// <summary>
/// Linux flag values for the calls in <see cref="LibC"/>. Most are the same on x86-64 and
/// arm64; O_DIRECTORY and O_NOFOLLOW differ, so they are chosen by architecture.
/// </summary>
internal static class LinuxConstants
{
    public const int ReadOnly = 0x0;
    public const int WriteOnly = 0x1;
    public const int ReadWrite = 0x2;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int NoControllingTerminal = 0x100;
    public const int Truncate = 0x200;
    public const int Append = 0x400;
    public const int NonBlock = 0x800;
    public const int Dsync = 0x1000;
    public const int CloseOnExec = 0x80000;
    public const int Sync = 0x101000;
    public const int PathOnly = 0x200000;

    public static readonly int Directory = IsArm64 ? 0x4000 : 0x10000;
    public static readonly int NoFollow = IsArm64 ? 0x8000 : 0x20000;

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtRemoveDirectory = 0x200;
    public const int AtSymlinkFollow = 0x400;
    public const int AtEmptyPath = 0x1000;

    public const int SeekSet = 0;
    public const int SeekCurrent = 1;
    public const int SeekEnd = 2;

    public const int GetStatusFlags = 3;
    public const int SetStatusFlags = 4;

    public const uint StatxBasicStats = 0x7ff;
    public const int StatxBufferBytes = 256;

    public const uint FileTypeMask = 0xF000;
    public const uint FileTypeSocket = 0xC000;
    public const uint FileTypeSymlink = 0xA000;
    public const uint FileTypeRegular = 0x8000;
    public const uint FileTypeBlockDevice = 0x6000;
    public const uint FileTypeDirectory = 0x4000;
    public const uint FileTypeCharacterDevice = 0x2000;

    public const long UtimeNow = (1L << 30) - 1;
    public const long UtimeOmit = (1L << 30) - 2;

    public const uint NewFileMode = 0x1B6;      // 0666, narrowed by the umask
    public const uint NewDirectoryMode = 0x1FF; // 0777, narrowed by the umask

    private static bool IsArm64 => RuntimeInformation.ProcessArchitecture == Architecture.Arm64;

    /// <summary>Host directories are reached through Linux system calls on x86-64 or arm64 only.</summary>
    public static void RequireSupportedHost()
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("preopened host directories need Linux");
        Architecture arch = RuntimeInformation.ProcessArchitecture;
        if (arch != Architecture.X64 && arch != Architecture.Arm64)
            throw new PlatformNotSupportedException($"preopened host directories need x86-64 or arm64, not {arch}");
    }
}
