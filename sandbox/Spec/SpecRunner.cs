using System.Text.Json;

namespace Plover.Sandbox.Spec;

/// <summary>
/// Runs official spec test scripts (.wast) against the engine: each is converted with wast2json
/// into a temporary folder and its commands executed.
/// </summary>
public static class SpecRunner
{
    /// <summary>The .wast files to run for <paramref name="paths"/> (files as given; directories: every script, sorted).</summary>
    public static IReadOnlyList<string> CollectScripts(IEnumerable<string> paths)
    {
        var scripts = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                scripts.AddRange(Directory.GetFiles(path, "*.wast").Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path)) scripts.Add(path);
            else throw new FileNotFoundException($"no such spec script or directory: {path}", path);
        }
        return scripts;
    }

    /// <summary>Converts and runs one script. A script that cannot be converted counts as one failure.</summary>
    public static SpecFileResult RunScript(string wastPath)
    {
        var result = new SpecFileResult(Path.GetFileName(wastPath));
        DirectoryInfo temporary = Directory.CreateTempSubdirectory("plover-spec-");
        try
        {
            string json = Wast2Json.Convert(wastPath, temporary.FullName);
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(json));
            new SpecScriptRunner(json, result).Run(document.RootElement.GetProperty("commands"));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or JsonException)
        {
            result.Failures.Add($"could not run the script: {e.Message}");
        }
        finally
        {
            temporary.Delete(recursive: true);
        }
        return result;
    }
}
