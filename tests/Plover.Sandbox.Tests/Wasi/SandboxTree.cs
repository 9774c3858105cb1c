using Plover.Sandbox.Wasi;

namespace Plover.Sandbox.Tests.Wasi;

/// <summary>
/// A temporary host tree for the file tests: <c>Root</c> is preopened for the guest, and
/// <c>outside.txt</c> next to it is what escape attempts aim at.
/// </summary>
internal sealed class SandboxTree : IDisposable
{
    public const string GuestPath = "/sandbox";
    public const string Secret = "outside the sandbox";

    public SandboxTree()
    {
        Parent = Directory.CreateTempSubdirectory("plover-wasi-files-").FullName;
        Root = Path.Combine(Parent, "root");
        Directory.CreateDirectory(Path.Combine(Root, "sub", "deeper"));
        File.WriteAllText(Path.Combine(Parent, "outside.txt"), Secret);
        File.WriteAllText(Path.Combine(Root, "hello.txt"), "hello world");
        File.WriteAllText(Path.Combine(Root, "sub", "inner.txt"), "inner");
        File.CreateSymbolicLink(Path.Combine(Root, "link-inside"), "sub/inner.txt");
        File.CreateSymbolicLink(Path.Combine(Root, "dir-link"), "sub");
        File.CreateSymbolicLink(Path.Combine(Root, "escape-relative"), "../outside.txt");
        File.CreateSymbolicLink(Path.Combine(Root, "escape-absolute"), Path.Combine(Parent, "outside.txt"));
        File.CreateSymbolicLink(Path.Combine(Root, "sub", "escape-deep"), "../../outside.txt");
        File.CreateSymbolicLink(Path.Combine(Root, "loop-a"), "loop-b");
        File.CreateSymbolicLink(Path.Combine(Root, "loop-b"), "loop-a");
    }

    public string Parent { get; }

    public string Root { get; }

    public string OutsideFile => Path.Combine(Parent, "outside.txt");

    public string HostPath(string relative) => Path.Combine(Root, relative);

    /// <summary>Every file and link under the parent, to show that nothing outside the root changed.</summary>
    public string[] ParentListing() =>
        Directory.EnumerateFileSystemEntries(Parent).Select(Path.GetFileName).Order().ToArray()!;

    public WasiConfiguration Configuration(bool withNetwork = false) => new()
    {
        PreopenedDirectories = [new WasiPreopenDirectory(Root, GuestPath)],
        Network = withNetwork ? new RecordingNetworkSink() : null,
    };

    public void Dispose() => Directory.Delete(Parent, recursive: true);
}
