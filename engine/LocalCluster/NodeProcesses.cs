using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Plover.Engine.LocalCluster;

/// <summary>
/// Starting node processes in the background (their own session, output to a file, nothing tied
/// to the caller's terminal) and finding, signalling and waiting for them by the pid each writes.
/// A pid counts only while its command line still names the node's config (pids get reused).
/// </summary>
public static partial class NodeProcesses
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Starts <paramref name="command"/> detached, appending its stdout and stderr to <paramref name="outputFile"/>.</summary>
    public static void StartDetached(IReadOnlyList<string> command, string outputFile)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("setsid \"$@\" >>\"$PLOVER_NODE_OUTPUT\" 2>&1 </dev/null &");
        start.ArgumentList.Add("sh");
        foreach (string part in command) start.ArgumentList.Add(part);
        start.Environment["PLOVER_NODE_OUTPUT"] = outputFile;
        using Process shell = Process.Start(start) ?? throw new ClusterException("could not start /bin/sh to launch a node");
        shell.WaitForExit();
        if (shell.ExitCode != 0) throw new ClusterException($"launching {string.Join(' ', command)} failed (sh exited with {shell.ExitCode})");
    }

    /// <summary>The pid in <paramref name="pidFile"/> if that process is alive and is the node of <paramref name="configFile"/>.</summary>
    public static int? LivePid(string pidFile, string configFile)
    {
        if (!File.Exists(pidFile)) return null;
        if (!int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid) || pid <= 0) return null;
        return IsNodeProcess(pid, configFile) ? pid : null;
    }

    public static bool IsNodeProcess(int pid, string configFile)
    {
        try
        {
            if (File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal)) return false;
            string commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains(configFile, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
