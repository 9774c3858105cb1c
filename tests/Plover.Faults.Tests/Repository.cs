namespace Plover.Faults.Tests;

/// <summary>The repository (the folder holding Plover.sln), its launcher and its built guests.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The <c>./plover</c> launcher: it builds the CLI in Release when sources changed, then execs it (the pid stays the node's).</summary>
    public static string Launcher => Path.Combine(Root, "plover");

    public static string Guest(string name)
    {
        string path = Path.Combine(Root, "guests", "build", name);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing: run scripts/setup, which builds the guests", path);
        return path;
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Plover.sln"))) return d.FullName;
        throw new DirectoryNotFoundException($"no folder above {AppContext.BaseDirectory} holds Plover.sln");
    }
}
