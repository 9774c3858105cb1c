using System.Text;
using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Wasi.HostFiles;

/// <summary>
/// Resolves a guest path one component at a time below a directory descriptor, the way
/// capability-based runtimes do. It never lets the kernel resolve more than one name: each
/// intermediate directory is opened with O_NOFOLLOW, "..". pops its own stack of opened
/// directories (so it cannot climb above the preopen), and symbolic links are expanded here,
/// where an absolute target or one that climbs out is refused. Escapes give EPERM, as in wasmtime.
/// </summary>
internal static class SandboxPathResolver
{
    public const int SymlinkExpansionsMax = 40;
    public const int PathBytesMax = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Resolves <paramref name="path"/> below <paramref name="rootFd"/>. With
    /// <paramref name="followFinal"/>, a symlink at the last component is expanded too; a path
    /// ending in '/' always is, and must name a directory (or nothing yet).
    /// </summary>
    public static WasiErrno Resolve(int rootFd, string path, bool followFinal, out ResolvedPath? resolved)
    {
        resolved = null;
        if (path.Length == 0) return WasiErrno.Noent;
        if (path[0] == '/') return WasiErrno.Perm;
        if (Encoding.UTF8.GetByteCount(path) > PathBytesMax) return WasiErrno.Nametoolong;
        bool mustBeDirectory = path[^1] == '/';
        var pending = new Stack<string>();
        PushComponents(pending, path.TrimEnd('/'));
        var opened = new List<HostFd>();
        WasiErrno result = Walk(rootFd, pending, opened, followFinal || mustBeDirectory, mustBeDirectory, out resolved);
        if (result != WasiErrno.Success)
        {
            foreach (HostFd fd in opened) fd.Dispose();
            resolved = null;
        }
        return result;
    }

    private static WasiErrno Walk(
        int rootFd, Stack<string> pending, List<HostFd> opened, bool followFinal, bool mustBeDirectory, out ResolvedPath? resolved)
    {
        resolved = null;
        int expansions = 0;
        while (pending.Count > 0)
        {
            string component = pending.Pop();
            bool last = pending.Count == 0;
            int current = opened.Count == 0 ? rootFd : opened[^1].Value;
            if (component.Length == 0 || component == ".")
            {
                if (last) return Finish(opened, current, ".", mustBeDirectory, out resolved);
                continue;
            }
            if (component == "..")
            {
                if (opened.Count == 0) return WasiErrno.Perm;
                opened[^1].Dispose();
                opened.RemoveAt(opened.Count - 1);
                if (last) return Finish(opened, opened.Count == 0 ? rootFd : opened[^1].Value, ".", mustBeDirectory, out resolved);
                continue;
            }
            if (last && !followFinal) return Finish(opened, current, component, mustBeDirectory, out resolved);
            if (!last)
            {
                WasiErrno entered = EnterDirectory(current, component, opened, out bool maybeSymlink);
                if (entered == WasiErrno.Success) continue;
                if (!maybeSymlink) return entered;
            }
            WasiErrno link = HostFileSystem.ReadLink(current, component, out byte[] target, out int linuxErrno);
            if (link != WasiErrno.Success)
            {
                if (!last) return WasiErrno.Notdir;
                if (linuxErrno == LinuxErrno.Invalid || linuxErrno == LinuxErrno.NoEntry)
                    return Finish(opened, current, component, mustBeDirectory, out resolved);
                return link;
            }
            if (++expansions > SymlinkExpansionsMax) return WasiErrno.Loop;
            WasiErrno expanded = ExpandSymlink(pending, target);
            if (expanded != WasiErrno.Success) return expanded;
        }
        throw new InvariantViolationException("a non-empty path always ends at a final component");
    }

    private static WasiErrno EnterDirectory(int current, string component, List<HostFd> opened, out bool maybeSymlink)
    {
        int flags = LinuxConstants.PathOnly | LinuxConstants.Directory | LinuxConstants.NoFollow;
        WasiErrno result = HostFileSystem.Open(current, component, flags, out HostFd? fd);
        maybeSymlink = result is WasiErrno.Notdir or WasiErrno.Loop;
        if (result == WasiErrno.Success) opened.Add(fd!);
        return result;
    }

    private static WasiErrno ExpandSymlink(Stack<string> pending, byte[] target)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(target);
        }
        catch (DecoderFallbackException)
        {
            return WasiErrno.Ilseq;
        }
        if (text.Length == 0) return WasiErrno.Noent;
        if (text[0] == '/') return WasiErrno.Perm;
        PushComponents(pending, text);
        return WasiErrno.Success;
    }

    // Components are pushed last first, so the first one is popped next.
    private static void PushComponents(Stack<string> pending, string path)
    {
        string[] components = path.Split('/');
        for (int i = components.Length - 1; i >= 0; i--) pending.Push(components[i]);
    }

    private static WasiErrno Finish(List<HostFd> opened, int directoryFd, string name, bool mustBeDirectory, out ResolvedPath? resolved)
    {
        resolved = null;
        if (mustBeDirectory && name != ".")
        {
            WasiErrno stat = HostFileSystem.StatAt(directoryFd, name, out HostStat found);
            if (stat == WasiErrno.Success && !found.IsDirectory) return WasiErrno.Notdir;
        }
        resolved = new ResolvedPath(opened, directoryFd, name);
        return WasiErrno.Success;
    }
}
