using System.CommandLine;
using Plover.Sandbox;
using Plover.Sandbox.Guest.Preparation;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover prepare IN.wasm -o OUT.wasm`: checks that every import is a WASI preview1 function the
/// library OS provides, runs Binaryen's Asyncify with the blocking imports listed, checks that the
/// result loads in the sandbox, and reports the sizes. Exit 0 when prepared, 1 when refused.
/// </summary>
internal static class PrepareCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The WASI command module to prepare (.wasm)." };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the prepared module.", Required = true };
        var command = new Command("prepare", "Prepare a WASI module to run as a Plover guest (check its imports, run Asyncify over the blocking ones).")
        {
            input, output,
        };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(output)!));
        return command;
    }

    private static int Run(string input, string output)
    {
        try
        {
            GuestPreparationReport report = GuestPreparer.Prepare(input, output);
            Console.WriteLine($"prepared {input} ({report.InputBytes:N0} bytes) -> {output} ({report.OutputBytes:N0} bytes, {report.GrowthPercent:+0.0;-0.0}%)");
            Console.WriteLine($"{report.ImportCount} imports, all provided by the WASI library OS; Asyncify instruments "
                + (report.BlockingImportsUsed.Count == 0 ? "none of them (the module never blocks)" : string.Join(", ", report.BlockingImportsUsed)));
            return 0;
        }
        catch (GuestPreparationException e)
        {
            Console.Error.WriteLine($"plover prepare: {input}: {e.Message}");
            foreach (string problem in e.Problems.Where(p => p != e.Message)) Console.Error.WriteLine($"  {problem}");
            return 1;
        }
        catch (WasmModuleException e)
        {
            Console.Error.WriteLine($"plover prepare: {input} is not a module the sandbox accepts: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"plover prepare: {e.Message}");
            return 1;
        }
    }
}
