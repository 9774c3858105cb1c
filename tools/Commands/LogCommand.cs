using System.CommandLine;
using Plover.Cli.Log;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover log inspect|verify --data DIR`: reads a node's store read-only (also while the node
/// runs). `inspect` shows the summary, entries (by slots, epoch, connection) or per-epoch sync
/// statistics; `verify` checks every CRC, gap and ordering and exits 1 naming each bad slot.
/// </summary>
internal static class LogCommand
{
    public static Command Create()
    {
        var command = new Command("log", "Inspect or verify a node's log store (read-only; safe while the node runs).");
        command.Subcommands.Add(CreateInspect());
        command.Subcommands.Add(CreateVerify());
        return command;
    }

    private static Option<string> DataOption() => new("--data")
    {
        Description = "A node's data folder (e.g. .plover/cluster/node1) or its store folder.",
        Required = true,
    };

    private static Option<bool> JsonOption() => new("--json") { Description = "Write the view as one JSON document." };

    private static Command CreateInspect()
    {
        var data = DataOption();
        var json = JsonOption();
        var slots = new Option<string?>("--slots") { Description = "Entries of slots A..B (also A.., ..B, or one slot)." };
        var epoch = new Option<ulong?>("--epoch") { Description = "Entries of epoch N (the n-th epoch end or takeover closes epoch n); with --epochs, that epoch's statistics." };
        var connection = new Option<string?>("--connection") { Description = "Entries of one client connection: node.incarnation.counter, a decimal id or 0xHEX." };
        var entries = new Option<bool>("--entries") { Description = "List entries from the first slot (up to --limit)." };
        var epochs = new Option<bool>("--epochs") { Description = "Per-epoch sync statistics: pages dirtied, compared, identical, sent, bytes, pause." };
        var limit = new Option<int>("--limit") { Description = "Most entries to list.", DefaultValueFactory = _ => EntryQuery.LimitDefault };
        var command = new Command("inspect", "Summary, entries or epoch statistics of a node's store.")
        {
            data, slots, epoch, connection, entries, epochs, limit, json,
        };
        command.SetAction(parse => new LogTool(Console.Out, Console.Error).Inspect(new InspectRequest(
            parse.GetValue(data)!, parse.GetValue(slots), parse.GetValue(epoch), parse.GetValue(connection),
            parse.GetValue(entries), parse.GetValue(epochs), parse.GetValue(limit), parse.GetValue(json))));
        return command;
    }

    private static Command CreateVerify()
    {
        var data = DataOption();
        var json = JsonOption();
        var command = new Command("verify", "Check every record's CRC, the slots' order and gaps, and the engine's keys; exit 1 naming each bad slot.") { data, json };
        command.SetAction(parse => new LogTool(Console.Out, Console.Error).Verify(parse.GetValue(data)!, parse.GetValue(json)));
        return command;
    }
}
