namespace Plover.Cli.Tests.Prepare;

/// <summary>
/// `plover prepare IN -o OUT` runs Asyncify over a raw guest (the result is what guests/build
/// holds), and refuses, naming it, any import the WASI library OS does not provide.
/// </summary>
public class PrepareCommandTests
{
    [Fact]
    public async Task PreparesTheRawKvGuestAsTheBuildDoes()
    {
        using var dir = new TempDirectory();
        Tool.Result result = await Tool.PloverAsync(["prepare", Repository.Guest("kv.raw.wasm"), "-o", dir.File("kv.wasm")]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"prepared .*kv\.raw\.wasm \([\d,]+ bytes\) -> .*kv\.wasm \([\d,]+ bytes, \+\d+\.\d%\)", result.Stdout);
        Assert.Contains("wasi_snapshot_preview1.poll_oneoff", result.Stdout);
        byte[] prepared = await File.ReadAllBytesAsync(dir.File("kv.wasm"));
        Assert.Equal(await File.ReadAllBytesAsync(Repository.Guest("kv.wasm")), prepared);
    }

    [Fact]
    public async Task RefusesAForeignImportByName()
    {
        using var dir = new TempDirectory();
        string wasm = await Tool.WatToWasmAsync("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
              (import "env" "steal_secrets" (func (param i32)))
              (import "wasi_unstable" "fd_read" (func (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "_start")))
            """, dir.Path, "foreign");
        Tool.Result result = await Tool.PloverAsync(["prepare", wasm, "-o", dir.File("out.wasm")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("env.steal_secrets", result.Stderr);
        Assert.Contains("wasi_unstable.fd_read", result.Stderr);
        Assert.DoesNotContain("fd_write", result.Stderr);
        Assert.False(File.Exists(dir.File("out.wasm")));
    }

    [Fact]
    public async Task RefusesAnAlreadyPreparedModule()
    {
        using var dir = new TempDirectory();
        Tool.Result result = await Tool.PloverAsync(["prepare", Repository.Guest("kv.wasm"), "-o", dir.File("twice.wasm")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already prepared", result.Stderr);
    }

    [Fact]
    public async Task RefusesAnInvalidModule()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("text.wasm"), "not a module");
        Tool.Result result = await Tool.PloverAsync(["prepare", dir.File("text.wasm"), "-o", dir.File("out.wasm")]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a module the sandbox accepts", result.Stderr);
    }
}
