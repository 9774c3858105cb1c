using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Plover.Engine.Config;
using Plover.Engine.Guest;
using Plover.Engine.Hosting;
using Plover.Sandbox.Hashing;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover node --config FILE`: one replica in the foreground until SIGTERM or Ctrl-C (exit 0).
/// Exit 1 on a fatal error while running, 2 on a bad config, 3 when the node cannot start.
/// </summary>
internal static class NodeCommand
{
    public const int ExitStopped = 0;
    public const int ExitFatal = 1;
    public const int ExitBadConfig = 2;
    public const int ExitCannotStart = 3;

    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "The node's JSON config (see engine/README.md).", Required = true };
        var command = new Command("node", "Run one replica of a Plover cluster in the foreground.") { config };
        command.SetAction(parse => Run(parse.GetValue(config)!));
        return command;
    }

    private static int Run(string configPath)
    {
        NodeConfig config;
        try
        {
            config = NodeConfigReader.ReadFile(configPath);
        }
        catch (NodeConfigException e)
        {
            Console.Error.WriteLine($"plover node: {e.Message}");
            return ExitBadConfig;
        }
        try
        {
            Directory.CreateDirectory(config.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"plover node: cannot start: data folder {config.DataDirectory}: {e.Message}");
            return ExitCannotStart;
        }
        using ILoggerFactory loggers = NodeLogging.Create(config.LogFilePath);
        ILogger logger = loggers.CreateLogger("plover.node");
        return RunAsync(config, loggers, logger).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(NodeConfig config, ILoggerFactory loggers, ILogger logger)
    {
        ReplicaNode node;
        try
        {
            SandboxGuestFactory guests = SandboxGuestFactory.Load(config.GuestPath, GuestSettings(config));
            node = await ReplicaNode.StartAsync(config, guests, loggers).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogCritical("cannot start: {Reason}", e.Message);
            Console.Error.WriteLine($"plover node: cannot start: {e.Message}");
            return ExitCannotStart;
        }
        await using (node.ConfigureAwait(false))
        {
            WritePidFile(config.PidFilePath);
            try
            {
                Exception? fatal = await WaitForStopOrFailureAsync(node).ConfigureAwait(false);
                if (fatal is null) return ExitStopped;
                logger.LogCritical(fatal, "fatal: {Reason}", fatal.Message);
                Console.Error.WriteLine($"plover node: fatal: {fatal.Message}");
                return ExitFatal;
            }
            finally
            {
                File.Delete(config.PidFilePath);
            }
        }
    }

    /// <summary>
    /// Writes the pid into a temporary file and renames it over <paramref name="path"/>: `plover
    /// cluster` polls the pid file, and a reader must never see it created but still empty (that
    /// read as "the node is not running" and failed a cluster start).
    /// </summary>
    private static void WritePidFile(string path)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Null when SIGTERM or SIGINT asked the node to stop; the error when the node failed.</summary>
    private static async Task<Exception?> WaitForStopOrFailureAsync(ReplicaNode node)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        Task first = await Task.WhenAny(stop.Task, node.Failed).ConfigureAwait(false);
        if (first == node.Failed) return await node.Failed.ConfigureAwait(false);
        return null;
    }

    private static SandboxGuestSettings GuestSettings(NodeConfig config) => new()
    {
        Arguments = config.GuestArguments,
        Nondeterminism = config.Nondeterminism,
        InitialSeed = Xxh3.Hash(Encoding.UTF8.GetBytes(config.ClusterId)),
        Limits = config.Limits,
        Stdout = Console.OpenStandardOutput(),
        Stderr = Console.OpenStandardError(),
    };
}
