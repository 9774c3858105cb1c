using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Plover.Faults;

/// <summary>
/// One node's process, started by the harness (so its pid is ours to signal): through
/// <c>sh -c 'exec "$@"'</c> so that output goes to the node's file and the pid stays the node's
/// own through every exec (ip netns exec, the launcher, dotnet). Knows whether an exit was ours.
/// </summary>
internal sealed partial class NodeProcess(uint node, IReadOnlyList<string> command, string outputFile)
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;

    private Process? process;
    private bool exitExpected = true;

    public uint Node { get; } = node;

    public bool Running => process is { HasExited: false };

    public bool Paused { get; private set; }

    public int? Pid => Running ? process!.Id : null;

    /// <summary>Set when the process ended without the harness killing or stopping it: the exit code.</summary>
    public int? UnexpectedExit { get; private set; }

    public void Start()
    {
        if (Running) throw new FaultHarnessException($"node {Node} is already running (pid {process!.Id})");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$0\" 2>&1 </dev/null");
        start.ArgumentList.Add(outputFile);
        foreach (string part in command) start.ArgumentList.Add(part);
        process?.Dispose();
        process = Process.Start(start) ?? throw new FaultHarnessException($"could not start node {Node}");
        exitExpected = false;
        Paused = false;
        Process started = process;
        started.EnableRaisingEvents = true;
        started.Exited += (_, _) =>
        {
            if (!exitExpected && ReferenceEquals(started, process)) UnexpectedExit = started.ExitCode;
        };
    }

    /// <summary>kill -9 (a paused node too); waits until it is gone.</summary>
    public void Kill()
    {
        if (!Running) return;
        exitExpected = true;
        Signal(SigKill);
        if (!process!.WaitForExit(TimeSpan.FromSeconds(10))) throw new FaultHarnessException($"node {Node} (pid {process.Id}) survived SIGKILL for 10 s");
        Paused = false;
    }

    public void Pause()
    {
        Signal(SigStop);
        Paused = true;
    }

    public void Resume()
    {
        if (!Paused) return;
        Signal(SigCont);
        Paused = false;
    }

    /// <summary>SIGTERM (resuming it first if paused), then SIGKILL if it has not stopped in time.</summary>
    public void Stop(TimeSpan grace)
    {
        if (!Running) return;
        exitExpected = true;
        Resume();
        Signal(SigTerm);
        if (!process!.WaitForExit(grace)) Kill();
    }

    private void Signal(int signal)
    {
        if (!Running) throw new FaultHarnessException($"node {Node} is not running; cannot send signal {signal}");
        if (SendSignal(process!.Id, signal) != 0)
            throw new FaultHarnessException($"kill({process.Id}, {signal}) failed for node {Node}: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
