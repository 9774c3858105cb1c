using System.ComponentModel;
using System.Diagnostics;
using Plover.Sandbox.Guest.Asyncify;
using Plover.Sandbox.Wasi;

namespace Plover.Sandbox.Guest.Preparation;

/// <summary>
/// Prepares a WASI command to run as a Plover guest: checks that every import is a
/// <c>wasi_snapshot_preview1</c> function the library OS provides, runs Binaryen's Asyncify
/// (<c>wasm-opt --asyncify -O2</c>) with the blocking imports of
/// <see cref="WasiFunctionTable.BlockingImports"/> listed, and checks that the result loads in
/// the sandbox as a prepared guest. The one place guests are prepared (the guests' Makefile
/// calls it through <c>plover prepare</c>).
/// </summary>
public static class GuestPreparer
{
    public const string WasmOpt = "wasm-opt";

    /// <summary>A run of wasm-opt on a large guest takes seconds; past this it is stuck.</summary>
    public static readonly TimeSpan WasmOptTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The Asyncify pass arguments. The import list goes inline, comma-separated: Binaryen 108
    /// splits a <c>@@file</c> response file on commas only, so a file with one import per line
    /// would match no import at all.
    /// </summary>
    public static IReadOnlyList<string> WasmOptArguments(string input, string output) =>
        [input, "--enable-simd", "--asyncify", "-O2", $"--pass-arg=asyncify-imports@{string.Join(",", WasiFunctionTable.BlockingImports)}", "-o", output];

    /// <summary>Prepares <paramref name="inputPath"/> into <paramref name="outputPath"/>.</summary>
    public static GuestPreparationReport Prepare(string inputPath, string outputPath)
    {
        byte[] input = File.ReadAllBytes(inputPath);
        Module module = CheckInput(input);
        string temporary = outputPath + ".tmp-" + Environment.ProcessId;
        try
        {
            RunWasmOpt(WasmOptArguments(inputPath, temporary));
            byte[] output = File.ReadAllBytes(temporary);
            CheckOutput(output);
            File.Move(temporary, outputPath, overwrite: true);
            return Report(module, input.Length, output.Length);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Prepares a module given as bytes (through temporary files), returning the prepared bytes.</summary>
    public static byte[] Prepare(byte[] wasm)
    {
        string directory = Directory.CreateTempSubdirectory("plover-prepare-").FullName;
        try
        {
            string input = Path.Combine(directory, "in.wasm"), output = Path.Combine(directory, "out.wasm");
            File.WriteAllBytes(input, wasm);
            Prepare(input, output);
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Module CheckInput(byte[] input)
    {
        Module module = Module.Compile(input);
        IReadOnlyList<WasiLinkException> unsupported = GuestImports.FindUnsupported(module);
        if (unsupported.Count > 0)
            throw new GuestPreparationException(
                $"the module imports {unsupported.Count} function(s) the WASI library OS does not provide: {string.Join("; ", unsupported.Select(e => $"{e.Module}.{e.Name}"))}",
                unsupported.Select(e => e.Message).ToList());
        if (AsyncifyLayout.Find(module) is not null)
            throw new GuestPreparationException("the module is already prepared with Asyncify (it exports asyncify_start_unwind and the rest); running the pass twice breaks it");
        if (module.Exports.All(e => e.Name != "_start"))
            throw new GuestPreparationException("the module exports no _start function; only WASI commands can run as guests");
        return module;
    }

    // The output must be a prepared guest the sandbox can instantiate, with the same imports.
    private static void CheckOutput(byte[] output)
    {
        Module prepared = Module.Compile(output);
        if (AsyncifyLayout.Find(prepared) is null)
            throw new GuestPreparationException("wasm-opt's output has no Asyncify exports: the pass did not run");
        IReadOnlyList<WasiLinkException> unsupported = GuestImports.FindUnsupported(prepared);
        if (unsupported.Count > 0) throw new GuestPreparationException($"wasm-opt's output imports {unsupported[0].Module}.{unsupported[0].Name}");
        using var machine = new GuestMachine(prepared, new GuestMachineOptions());
    }

    private static GuestPreparationReport Report(Module module, long inputBytes, long outputBytes)
    {
        var blocking = WasiFunctionTable.BlockingImports.ToHashSet(StringComparer.Ordinal);
        List<string> used = module.Imports.Select(i => $"{i.ModuleName}.{i.FieldName}").Where(blocking.Contains).ToList();
        return new GuestPreparationReport(inputBytes, outputBytes, module.Imports.Count, used);
    }

    private static void RunWasmOpt(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(WasmOpt) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new GuestPreparationException($"{WasmOpt} did not start");
        }
        catch (Win32Exception e)
        {
            throw new GuestPreparationException($"cannot run {WasmOpt} ({e.Message}): install Binaryen (scripts/setup does)");
        }
        using (process)
        {
            Task<string> errors = process.StandardError.ReadToEndAsync();
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(WasmOptTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new GuestPreparationException($"{WasmOpt} did not finish within {WasmOptTimeout}");
            }
            if (process.ExitCode != 0)
                throw new GuestPreparationException($"{WasmOpt} failed with exit code {process.ExitCode}: {errors.Result.Trim()} {output.Result.Trim()}".TrimEnd());
        }
    }
}
