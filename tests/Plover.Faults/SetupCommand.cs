using System.Diagnostics;

namespace Plover.Faults;

/// <summary>Runs a short setup command (ip, for namespaces) and fails loudly, naming it, when it does not succeed.</summary>
internal static class SetupCommand
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    public static void Run(string program, params string[] arguments)
    {
        (int code, string output) = TryRun(program, arguments);
        if (code != 0) throw new FaultHarnessException($"`{program} {string.Join(' ', arguments)}` failed with exit code {code}: {output.Trim()}");
    }

    public static (int ExitCode, string Output) TryRun(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new FaultHarnessException($"could not start {program}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, $"{program} is not installed: {e.Message}");
        }
        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(CommandTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new FaultHarnessException($"`{program} {string.Join(' ', arguments)}` did not finish within {CommandTimeout.TotalSeconds:F0} s");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
