using System.Diagnostics;
using Plover.Sandbox;

namespace Plover.Bench.Cpu;

/// <summary>A best-of-N measurement: wall time and CPU time.</summary>
public readonly record struct RunTime(TimeSpan Wall, TimeSpan Cpu)
{
    public static readonly RunTime Worst = new(TimeSpan.MaxValue, TimeSpan.MaxValue);

    public RunTime Best(RunTime other) => new(Wall < other.Wall ? Wall : other.Wall, Cpu < other.Cpu ? Cpu : other.Cpu);
}

/// <summary>
/// One program's figures: best native (clang -O2), native without auto-vectorisation and sandbox
/// times, and whether the outputs agree.
/// </summary>
public sealed record CpuProgramResult(string Name, RunTime Native, RunTime NativeScalar, RunTime Sandbox, bool OutputsMatch, string NativeOutput, string SandboxOutput)
{
    public double CpuRatio => Sandbox.Cpu.TotalSeconds / Native.Cpu.TotalSeconds;
    public double WallRatio => Sandbox.Wall.TotalSeconds / Native.Wall.TotalSeconds;
    public double ScalarCpuRatio => Sandbox.Cpu.TotalSeconds / NativeScalar.Cpu.TotalSeconds;
}

/// <summary>Compile cost of the sandbox over a set of modules (CPU time of the compiling thread, and wall time).</summary>
public sealed record CompileResult(int Modules, long WasmBytes, RunTime Cil, RunTime Jit)
{
    private double Megabytes => WasmBytes / 1048576.0;
    public double CilCpuMillisecondsPerMegabyte => Cil.Cpu.TotalMilliseconds / Megabytes;
    public double JitCpuMillisecondsPerMegabyte => Jit.Cpu.TotalMilliseconds / Megabytes;
    public double CilWallMillisecondsPerMegabyte => Cil.Wall.TotalMilliseconds / Megabytes;
    public double JitWallMillisecondsPerMegabyte => Jit.Wall.TotalMilliseconds / Megabytes;
}

/// <summary>
/// Runs the CPU-bound programs of guests/cpu natively (clang -O2) and in the sandbox (the same
/// source compiled to wasm32-wasi), best of several runs each, and compares time and output.
/// Sandbox time covers running <c>_start</c> on a fresh instance; compilation (CIL generation and
/// JIT) is measured separately, per megabyte of wasm. Both wall and CPU time are taken (the
/// native side's CPU time from the reaped child's rusage, the sandbox's from its thread clock).
/// </summary>
public sealed class CpuBenchmark(string guestsDirectory, int runs)
{
    public static readonly string[] Programs = ["sort", "hash", "matrix", "interp"];

    private string BuildDirectory => Path.Combine(guestsDirectory, "build");

    /// <summary>Builds the programs (make only rebuilds what changed).</summary>
    public void Build()
    {
        var targets = Programs.SelectMany(p => new[] { $"build/cpu-{p}.wasm", $"build/cpu-{p}-native", $"build/cpu-{p}-native-scalar" });
        RunProcess("make", ["-s", "-C", guestsDirectory, .. targets], out _);
    }

    /// <summary>
    /// Compile cost per megabyte over every wasm module in the build folder (the CPU programs and
    /// any other guest built there), after one untimed round that warms up the compiler itself
    /// (its own code is JIT-compiled on first use). CIL covers decoding, validation and CIL
    /// generation; JIT covers turning every function into machine code.
    /// </summary>
    public CompileResult MeasureCompile()
    {
        string[] modules = Directory.GetFiles(BuildDirectory, "*.wasm").Order(StringComparer.Ordinal).ToArray();
        foreach (string program in Programs) Module.Compile(File.ReadAllBytes(WasmPath(program))).PrepareAll();
        long bytes = 0;
        TimeSpan cilCpu = TimeSpan.Zero, cilWall = TimeSpan.Zero, jitCpu = TimeSpan.Zero, jitWall = TimeSpan.Zero;
        foreach (string path in modules)
        {
            byte[] wasm = File.ReadAllBytes(path);
            bytes += wasm.Length;
            TimeSpan before = CpuClock.CurrentThread();
            Module module = Module.Compile(wasm);
            TimeSpan compiled = CpuClock.CurrentThread();
            jitWall += module.PrepareAll();
            cilCpu += compiled - before;
            jitCpu += CpuClock.CurrentThread() - compiled;
            cilWall += module.Timings.Total;
        }
        return new CompileResult(modules.Length, bytes, new RunTime(cilWall, cilCpu), new RunTime(jitWall, jitCpu));
    }

    public CpuProgramResult Run(string program)
    {
        RunTime native = RunTime.Worst, scalar = RunTime.Worst, sandbox = RunTime.Worst;
        string nativeOutput = "", scalarOutput = "", sandboxOutput = "";
        Module module = Module.Compile(File.ReadAllBytes(WasmPath(program)));
        module.PrepareAll();
        for (int i = 0; i < runs; i++)
        {
            native = native.Best(RunNative($"cpu-{program}-native", out nativeOutput));
            scalar = scalar.Best(RunNative($"cpu-{program}-native-scalar", out scalarOutput));
            (RunTime elapsed, sandboxOutput) = RunInSandbox(module);
            sandbox = sandbox.Best(elapsed);
        }
        bool same = nativeOutput == sandboxOutput && scalarOutput == nativeOutput;
        return new CpuProgramResult(program, native, scalar, sandbox, same, nativeOutput, sandboxOutput);
    }

    private RunTime RunNative(string binary, out string output)
    {
        TimeSpan childrenBefore = CpuClock.ReapedChildren();
        var clock = Stopwatch.StartNew();
        RunProcess(Path.Combine(BuildDirectory, binary), [], out output);
        return new RunTime(clock.Elapsed, CpuClock.ReapedChildren() - childrenBefore);
    }

    private static (RunTime Elapsed, string Output) RunInSandbox(Module module)
    {
        var host = new CpuBenchmarkHost();
        var linker = new Linker();
        host.Define(linker);
        Instance instance = linker.Instantiate(module);
        Function start = instance.GetFunction("_start");
        TimeSpan cpuBefore = CpuClock.CurrentThread();
        var clock = Stopwatch.StartNew();
        try
        {
            start.Invoke();
        }
        catch (CpuBenchmarkHost.GuestExit exit) when (exit.Code == 0)
        {
            // exit(0) from the guest: a normal end.
        }
        var elapsed = new RunTime(clock.Elapsed, CpuClock.CurrentThread() - cpuBefore);
        return (elapsed, host.Output);
    }

    private string WasmPath(string program) => Path.Combine(BuildDirectory, $"cpu-{program}.wasm");

    private static void RunProcess(string file, string[] arguments, out string output)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} exited with {process.ExitCode}");
    }
}
