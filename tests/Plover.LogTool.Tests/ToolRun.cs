using System.Text.Json;
using Plover.Cli.Log;

namespace Plover.LogTool.Tests;

/// <summary>Runs <see cref="LogTool"/> in process and keeps what it wrote.</summary>
internal sealed record ToolRun(int ExitCode, string Stdout, string Stderr)
{
    public static ToolRun Inspect(InspectRequest request)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = new Cli.Log.LogTool(stdout, stderr).Inspect(request);
        return new ToolRun(code, stdout.ToString(), stderr.ToString());
    }

    public static ToolRun Verify(string data, bool json = false)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        int code = new Cli.Log.LogTool(stdout, stderr).Verify(data, json);
        return new ToolRun(code, stdout.ToString(), stderr.ToString());
    }

    public JsonElement Json()
    {
        using JsonDocument document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
