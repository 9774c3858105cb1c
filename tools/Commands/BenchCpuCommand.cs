using System.CommandLine;
using Plover.Bench.Cpu;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover bench cpu`: runs the CPU-bound programs of guests/cpu natively and in the sandbox and
/// prints per program the native time, the sandbox time and their ratio, plus the sandbox's
/// compile time per megabyte of wasm. Exits non-zero if a program's outputs differ.
/// </summary>
internal static class BenchCpuCommand
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Runs per program and side; the best time counts.", DefaultValueFactory = _ => 3 };
        var guests = new Option<string?>("--guests") { Description = "The guests folder (default: guests/ of the repository)." };
        var only = new Option<string[]>("--program") { Description = "Run only these programs (default: all).", AllowMultipleArgumentsPerToken = true };
        var cpu = new Command("cpu", "Compare CPU-bound C programs run natively (clang -O2) and in the sandbox (wasm32-wasi).") { runs, guests, only };
        cpu.SetAction(parse => Run(parse.GetValue(guests), parse.GetValue(runs), parse.GetValue(only) ?? []));
        return cpu;
    }

    private static int Run(string? guestsDirectory, int runs, string[] only)
    {
        string guests = guestsDirectory ?? Path.Combine(RepositoryRoot(), "guests");
        var benchmark = new CpuBenchmark(guests, Math.Max(1, runs));
        benchmark.Build();
        CompileResult compile = benchmark.MeasureCompile();
        Console.WriteLine($"compile: {compile.Modules} modules, {compile.WasmBytes / 1024.0:F1} KiB of wasm; " +
            $"decode+validate+CIL {compile.Cil.Cpu.TotalMilliseconds:F1} ms cpu = {compile.CilCpuMillisecondsPerMegabyte:F0} ms/MB ({compile.CilWallMillisecondsPerMegabyte:F0} ms/MB wall); " +
            $"JIT of every function {compile.Jit.Cpu.TotalMilliseconds:F1} ms cpu = {compile.JitCpuMillisecondsPerMegabyte:F0} ms/MB ({compile.JitWallMillisecondsPerMegabyte:F0} ms/MB wall)");
        Console.WriteLine("times in seconds, best of the runs; ratio = sandbox / native (clang -O2); scalar = sandbox / native built without auto-vectorisation");
        Console.WriteLine($"{"program",-8} {"native cpu",11} {"sandbox cpu",12} {"ratio",6} {"native wall",12} {"sandbox wall",13} {"ratio",6} {"scalar",7}  output");
        bool allMatch = true;
        foreach (string program in only.Length > 0 ? only : CpuBenchmark.Programs)
        {
            CpuProgramResult result = benchmark.Run(program);
            allMatch &= result.OutputsMatch;
            Console.WriteLine($"{result.Name,-8} {result.Native.Cpu.TotalSeconds,11:F3} {result.Sandbox.Cpu.TotalSeconds,12:F3} {result.CpuRatio,6:F2} " +
                $"{result.Native.Wall.TotalSeconds,12:F3} {result.Sandbox.Wall.TotalSeconds,13:F3} {result.WallRatio,6:F2} {result.ScalarCpuRatio,7:F2}  " +
                (result.OutputsMatch ? "same" : $"DIFFERENT: native \"{result.NativeOutput.Trim()}\" sandbox \"{result.SandboxOutput.Trim()}\""));
        }
        return allMatch ? 0 : 1;
    }

    private static string RepositoryRoot()
    {
        for (string? dir = Directory.GetCurrentDirectory(); dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Plover.sln"))) return dir;
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Plover.sln"))) return dir;
        throw new DirectoryNotFoundException("cannot find the repository root (Plover.sln); pass --guests");
    }
}
