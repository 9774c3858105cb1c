using System.Runtime.InteropServices;

namespace Plover.Sandbox.Wasi.HostFiles;

/// <summary>An open Linux file descriptor that the library OS owns and closes.</summary>
internal sealed class HostFd : SafeHandle
{
    public HostFd(int fd) : base(-1, ownsHandle: true)
    {
        Invariant.Require(fd >= 0, "a host descriptor is non-negative");
        SetHandle(fd);
    }

    public override bool IsInvalid => handle == -1;

    public int Value => (int)handle;

    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;
}
