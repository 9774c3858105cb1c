using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi.Descriptors;

/// <summary>
/// The rights each kind of descriptor can carry. A right outside a kind's set never applies to
/// it (path_open drops those, as preview1 allows). Stdio carries neither FD_SEEK nor FD_TELL,
/// which is how wasi-libc's isatty recognizes a terminal.
/// </summary>
internal static class DescriptorRights
{
    public const WasiRights Stdin =
        WasiRights.FdRead | WasiRights.FdFdstatSetFlags | WasiRights.FdFilestatGet | WasiRights.PollFdReadwrite;

    public const WasiRights StdOutput =
        WasiRights.FdWrite | WasiRights.FdFdstatSetFlags | WasiRights.FdFilestatGet | WasiRights.PollFdReadwrite;

    public const WasiRights Connection =
        WasiRights.FdRead | WasiRights.FdWrite | WasiRights.FdFdstatSetFlags | WasiRights.FdFilestatGet
        | WasiRights.PollFdReadwrite | WasiRights.SockShutdown;

    public const WasiRights Listener =
        WasiRights.SockAccept | WasiRights.FdRead | WasiRights.FdFdstatSetFlags | WasiRights.FdFilestatGet
        | WasiRights.PollFdReadwrite;

    public const WasiRights RegularFile =
        WasiRights.FdDatasync | WasiRights.FdRead | WasiRights.FdSeek | WasiRights.FdFdstatSetFlags | WasiRights.FdSync
        | WasiRights.FdTell | WasiRights.FdWrite | WasiRights.FdAdvise | WasiRights.FdAllocate | WasiRights.FdFilestatGet
        | WasiRights.FdFilestatSetSize | WasiRights.FdFilestatSetTimes | WasiRights.PollFdReadwrite;

    public const WasiRights Directory =
        WasiRights.FdFdstatSetFlags | WasiRights.FdSync | WasiRights.FdDatasync | WasiRights.PathCreateDirectory
        | WasiRights.PathCreateFile | WasiRights.PathLinkSource | WasiRights.PathLinkTarget | WasiRights.PathOpen
        | WasiRights.FdReaddir | WasiRights.PathReadlink | WasiRights.PathRenameSource | WasiRights.PathRenameTarget
        | WasiRights.PathFilestatGet | WasiRights.PathFilestatSetSize | WasiRights.PathFilestatSetTimes
        | WasiRights.FdFilestatGet | WasiRights.FdFilestatSetTimes | WasiRights.PathSymlink
        | WasiRights.PathRemoveDirectory | WasiRights.PathUnlinkFile;

    /// <summary>What a directory passes on to what is opened through it.</summary>
    public const WasiRights DirectoryInheriting = Directory | RegularFile;

    /// <summary>The rights that can apply to a host file of this type.</summary>
    public static WasiRights ApplicableTo(WasiFiletype filetype) =>
        filetype == WasiFiletype.Directory ? Directory : RegularFile;
}
