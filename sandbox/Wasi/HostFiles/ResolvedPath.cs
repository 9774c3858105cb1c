namespace Plover.Sandbox.Wasi.HostFiles;

/// <summary>
/// A guest path resolved inside its preopened directory: the host directory that holds the last
/// component, and that component (one name, never containing '/', possibly "."). Owns the
/// intermediate directories it opened on the way.
/// </summary>
internal sealed class ResolvedPath(List<HostFd> opened, int directoryFd, string name) : IDisposable
{
    public int DirectoryFd { get; } = directoryFd;

    public string Name { get; } = name;

    public void Dispose()
    {
        foreach (HostFd fd in opened) fd.Dispose();
        opened.Clear();
    }
}
