namespace Plover.Bench;

/// <summary>Finds a tool on PATH (redis-server, redis-benchmark, gnuplot), as a shell would.</summary>
public static class ExecutablePath
{
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}
