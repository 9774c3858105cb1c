namespace Plover.Cli.Tests.Run;

/// <summary>
/// `plover run PROG.wasm [-- ARGS]` runs a plain WASI command (guests/wasi-demo) as any WASI
/// runtime does: its arguments and environment, the host's stdin and stdout, host files only
/// below a --dir preopen, and its exit code.
/// </summary>
public class RunCommandTests
{
    private static string Demo => Repository.Guest("wasi-demo.wasm");

    [Fact]
    public async Task PassesArgumentsAndOnlyTheGivenEnvironment()
    {
        Tool.Result result = await Tool.PloverAsync(["run", Demo, "--env", "A=1", "--env", "B=two=2", "--", "first", "second arg"]);
        // wasi-demo treats unknown actions as usage errors (exit 2) after printing its invocation.
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"args: 3\narg[0]: {Demo}\narg[1]: first\narg[2]: second arg\nenviron: 2\n", result.Stdout);
        Assert.Contains("unknown action", result.Stderr);
    }

    [Fact]
    public async Task EchoesStdinUpperCased()
    {
        Tool.Result result = await Tool.PloverAsync(["run", Demo, "--", "--echo"], stdin: "hello, plover\nsecond line\n");
        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("environ: 0\nHELLO, PLOVER\nSECOND LINE\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public async Task ReadsAndWritesFilesBelowAPreopenedDirectory()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("in.txt"), "contents of in\n");
        Directory.CreateDirectory(dir.File("sub"));
        Tool.Result result = await Tool.PloverAsync(["run", Demo, "--dir", $"{dir.Path}::/data", "--",
            "--cat", "/data/in.txt", "--write", "/data/sub/out.txt", "written by the guest", "--ls", "/data", "--ls", "/data/sub"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("contents of in\nf in.txt\nd sub\nf out.txt\n", result.Stdout);
        Assert.Equal("written by the guest\n", await File.ReadAllTextAsync(dir.File("sub/out.txt")));
    }

    [Fact]
    public async Task APreopenWithoutGuestNameIsSeenUnderItsHostPath()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("note"), "same path\n");
        Tool.Result result = await Tool.PloverAsync(["run", Demo, "--dir", dir.Path, "--", "--cat", dir.File("note")]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.EndsWith("same path\n", result.Stdout);
    }

    [Fact]
    public async Task PathsOutsideThePreopenAreRefused()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("in.txt"), "inside\n");
        string secret = Path.Combine(Path.GetDirectoryName(dir.Path)!, $"plover-secret-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(secret, "must not be read\n");
        try
        {
            // An absolute path no preopen covers, and a path escaping the preopen with "..".
            Tool.Result outside = await Tool.PloverAsync(["run", Demo, "--dir", $"{dir.Path}::/data", "--", "--cat", secret]);
            Assert.Equal(1, outside.ExitCode);
            Assert.Contains($"--cat {secret}: Capabilities insufficient", outside.Stderr);
            Tool.Result escape = await Tool.PloverAsync(["run", Demo, "--dir", $"{dir.Path}::/data", "--", "--cat", $"/data/../{Path.GetFileName(secret)}"]);
            Assert.Equal(1, escape.ExitCode);
            Assert.Contains("Operation not permitted", escape.Stderr);
            Assert.DoesNotContain("must not be read", outside.Stdout + escape.Stdout);
            Tool.Result noDir = await Tool.PloverAsync(["run", Demo, "--", "--cat", secret]);
            Assert.Equal(1, noDir.ExitCode);
            Assert.DoesNotContain("must not be read", noDir.Stdout);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public async Task ExitsWithTheProgramsExitCode()
    {
        Tool.Result result = await Tool.PloverAsync(["run", Demo, "--", "--exit", "7"]);
        Assert.Equal(7, result.ExitCode);
        Tool.Result zero = await Tool.PloverAsync(["run", Demo]);
        Assert.Equal(0, zero.ExitCode);
    }

    [Fact]
    public async Task PrintsWhatTheNativeBuildPrints()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("a"), "alpha\n");
        string[] actions = ["--ls", dir.Path, "--cat", dir.File("a"), "--echo"];
        Tool.Result native = await Tool.RunAsync(Repository.Guest("wasi-demo-native"), actions, TimeSpan.FromSeconds(30), stdin: "x\n");
        Tool.Result sandboxed = await Tool.PloverAsync(["run", Demo, "--dir", dir.Path, "--", .. actions], stdin: "x\n");
        Assert.Equal(native.ExitCode, sandboxed.ExitCode);
        // Everything after argument 0 (the program's path) and the environment count (the host's vs none).
        static string Body(string output) => string.Join('\n', output.Split('\n').Where(l => !l.StartsWith("arg[0]") && !l.StartsWith("environ")));
        Assert.Equal(Body(native.Stdout), Body(sandboxed.Stdout));
    }

    [Fact]
    public async Task AMissingModuleCannotRun()
    {
        Tool.Result result = await Tool.PloverAsync(["run", "/nonexistent/guest.wasm"]);
        Assert.Equal(125, result.ExitCode);
        Assert.Contains("/nonexistent/guest.wasm", result.Stderr);
    }
}
