using System.CommandLine;
using Plover.Cli.Commands;

namespace Plover.Cli;

public static class Program
{
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    /// <summary>The command tree; each command lives in its own file under Commands/.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Plover: run an unmodified WASI network service as a fault-tolerant, strongly consistent service on three hosts.");
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(SpecCommand.Create());
        root.Subcommands.Add(SimCommand.Create());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(NodeCommand.Create());
        root.Subcommands.Add(BenchCommand.Create(BenchCpuCommand.Create(), BenchConsensusCommand.Create()));
        root.Subcommands.Add(PrepareCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(LogCommand.Create());
        root.Subcommands.Add(DeployCommand.Create());
        root.Subcommands.Add(TortureCommand.Create());
        return root;
    }
}
