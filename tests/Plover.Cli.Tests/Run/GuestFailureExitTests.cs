namespace Plover.Cli.Tests.Run;

/// <summary>
/// A guest that traps, computes forever, or outgrows its memory ends `plover run` with a message
/// saying so and exit code 134; one that cannot be run at all (invalid, a foreign import) with 125.
/// </summary>
public class GuestFailureExitTests
{
    private const string Exit = """(import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))""";

    [Fact]
    public async Task ATrapExits134WithTheTrap()
    {
        Tool.Result result = await RunWat($$"""(module {{Exit}} (memory (export "memory") 1) (func (export "_start") unreachable))""");
        Assert.Equal(134, result.ExitCode);
        Assert.Contains("the guest trapped: wasm trap: unreachable", result.Stderr);
    }

    [Fact]
    public async Task AnEndlessLoopRunsOutOfFuel()
    {
        Tool.Result result = await RunWat($$"""(module {{Exit}} (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))""", "--fuel", "10000000");
        Assert.Equal(134, result.ExitCode);
        Assert.Contains("ran out of fuel", result.Stderr);
    }

    [Fact]
    public async Task GrowingPastTheMemoryLimitFails()
    {
        Tool.Result result = await RunWat($$"""
            (module {{Exit}} (memory (export "memory") 1)
              (func (export "_start")
                (loop $more (br_if $more (i32.ne (memory.grow (i32.const 8)) (i32.const -1))))
                unreachable))
            """, "--max-memory-pages", "64");
        Assert.Equal(134, result.ExitCode);
        Assert.Contains("more memory than its limit of 64 pages", result.Stderr);
    }

    [Fact]
    public async Task TheProgramsExitCodeComesThrough()
    {
        Tool.Result result = await RunWat($$"""(module {{Exit}} (memory (export "memory") 1) (func (export "_start") (call $exit (i32.const 42))))""");
        Assert.Equal(42, result.ExitCode);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task AForeignImportCannotRun()
    {
        Tool.Result result = await RunWat("""(module (import "env" "open_door" (func)) (memory (export "memory") 1) (func (export "_start")))""");
        Assert.Equal(125, result.ExitCode);
        Assert.Contains("env.open_door", result.Stderr);
    }

    [Fact]
    public async Task AnInvalidModuleCannotRun()
    {
        using var dir = new TempDirectory();
        await File.WriteAllBytesAsync(dir.File("bad.wasm"), [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0xFF]);
        Tool.Result result = await Tool.PloverAsync(["run", dir.File("bad.wasm")]);
        Assert.Equal(125, result.ExitCode);
        Assert.Contains("malformed module", result.Stderr);
    }

    private static async Task<Tool.Result> RunWat(string text, params string[] options)
    {
        using var dir = new TempDirectory();
        string wasm = await Tool.WatToWasmAsync(text, dir.Path, "guest");
        return await Tool.PloverAsync(["run", wasm, .. options]);
    }
}
