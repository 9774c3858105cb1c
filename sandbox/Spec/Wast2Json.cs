using System.Diagnostics;

namespace Plover.Sandbox.Spec;

/// <summary>Runs wabt's <c>wast2json</c> to turn a .wast script into a JSON command list plus module files.</summary>
public static class Wast2Json
{
    /// <summary>Longest a single conversion may take before it is killed.</summary>
    private static readonly TimeSpan ConversionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Converts <paramref name="wastPath"/> into <paramref name="outputDirectory"/>; returns the JSON file's path.</summary>
    public static string Convert(string wastPath, string outputDirectory)
    {
        string json = Path.Combine(outputDirectory, Path.GetFileNameWithoutExtension(wastPath) + ".json");
        var start = new ProcessStartInfo("wast2json")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(wastPath);
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(json);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start wast2json");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(ConversionTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"wast2json {wastPath} did not finish within {ConversionTimeout.TotalSeconds} s");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"wast2json {wastPath} failed ({process.ExitCode}): {errors.Result.Trim()}");
        return json;
    }
}
