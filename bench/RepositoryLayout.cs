namespace Plover.Bench;

/// <summary>Where the bench finds what the repository builds: the guests and the <c>./plover</c> launcher.</summary>
public sealed class RepositoryLayout(string root)
{
    public string Root { get; } = root;

    /// <summary>The folder above <paramref name="start"/> (default: this assembly's folder) that holds Plover.sln.</summary>
    public static RepositoryLayout Find(string? start = null)
    {
        for (DirectoryInfo? d = new(start ?? AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Plover.sln"))) return new RepositoryLayout(d.FullName);
        throw new DirectoryNotFoundException($"no folder above {start ?? AppContext.BaseDirectory} holds Plover.sln");
    }

    /// <summary>A built guest, e.g. <c>kv-native</c> or <c>kv.wasm</c> (it may not exist yet).</summary>
    public string Guest(string name) => Path.Combine(Root, "guests", "build", name);

    public string Launcher => Path.Combine(Root, "plover");

    public string DefaultResults => Path.Combine(Root, "bench", "results");
}
