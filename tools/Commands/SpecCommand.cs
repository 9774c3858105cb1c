using System.CommandLine;
using System.Diagnostics;
using Plover.Sandbox.Spec;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover spec FILE.wast... | DIR`: runs WebAssembly spec test scripts against Plover's sandbox.
/// Prints a line per script (and its failures), then "N passed, M failed, K skipped"; exits non-zero
/// on any failure.
/// </summary>
internal static class SpecCommand
{
    /// <summary>How many failure lines to print per script before summarising the rest.</summary>
    private const int FailuresShownMax = 20;

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Spec scripts (.wast) or directories of them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("spec", "Run WebAssembly spec test scripts (converted with wast2json) against the sandbox.") { paths };
        command.SetAction(parse => Run(parse.GetValue(paths)!));
        return command;
    }

    private static int Run(string[] paths)
    {
        IReadOnlyList<string> scripts;
        try
        {
            scripts = SpecRunner.CollectScripts(paths);
        }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        int passed = 0, failed = 0, skipped = 0;
        var skipReasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        foreach (string script in scripts)
        {
            SpecFileResult result = SpecRunner.RunScript(script);
            Console.WriteLine(result);
            foreach (string failure in result.Failures.Take(FailuresShownMax)) Console.WriteLine($"  FAIL {failure}");
            if (result.Failed > FailuresShownMax) Console.WriteLine($"  ... and {result.Failed - FailuresShownMax} more failures");
            passed += result.Passed;
            failed += result.Failed;
            skipped += result.Skipped;
            foreach (var (reason, count) in result.Skips) skipReasons[reason] = skipReasons.GetValueOrDefault(reason) + count;
        }
        foreach (var (reason, count) in skipReasons) Console.WriteLine($"skipped {count}: {reason}");
        Console.WriteLine($"{scripts.Count} scripts in {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
        return failed == 0 ? 0 : 1;
    }
}
