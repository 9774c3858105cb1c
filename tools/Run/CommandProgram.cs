using Plover.Sandbox;
using Plover.Sandbox.Guest;
using Plover.Sandbox.Wasi;

namespace Plover.Cli.Run;

/// <summary>
/// `plover run PROG.wasm [-- ARGS]`: a plain WASI command with the host's stdin, stdout and
/// stderr, host directories only where --dir preopens them, passthrough time and randomness.
/// Its blocking calls wait in its thread. The exit code is the program's.
/// </summary>
internal static class CommandProgram
{
    public static int Run(Module module, GuestMachineOptions options, string guestName)
    {
        using var machine = new GuestMachine(module, options);
        GuestRunResult result = GuestThread.Run(() => RunToEnd(machine), "plover-guest");
        Console.Out.Flush();
        if (result.Status == GuestRunStatus.Exited && result.ExitCode is uint code) return (int)(code & 0xFF);
        string description = result.Status == GuestRunStatus.Blocked
            ? $"the guest blocked in {result.BlockedIn} waiting for input that cannot arrive (no --listen socket)"
            : result.Description;
        Console.Error.WriteLine($"plover: {guestName}: {description}");
        return RunExitCodes.GuestFailed;
    }

    // A prepared module blocks instead of waiting in its thread; without a network only a
    // deadline can wake it, so a block with none is returned as the end.
    private static GuestRunResult RunToEnd(GuestMachine machine)
    {
        GuestRunResult result = machine.RunUntilBlocked();
        while (result.Status == GuestRunStatus.Blocked && result.NanosecondsUntilDeadline is ulong nanoseconds)
        {
            if (nanoseconds > 0) Thread.Sleep(TimeSpan.FromTicks((long)Math.Min(nanoseconds / 100 + 1, int.MaxValue)));
            result = machine.RunUntilBlocked();
        }
        return result;
    }
}
