namespace Plover.Guests.Tests.WasiDemo;

/// <summary>wasi-demo's behaviour, through its native build (the same source as wasi-demo.wasm).</summary>
public sealed class WasiDemoTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly Dictionary<string, string> TwoVariables = new() { ["A"] = "1", ["B"] = "2" };
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"wasi-demo-{Guid.NewGuid():N}");

    public WasiDemoTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<Tool.Result> Run(string? stdin, params string[] args) =>
        Tool.RunAsync(Repository.Guest("wasi-demo-native"), args, Timeout, stdin, TwoVariables);

    private static string Header(params string[] args) =>
        $"args: {args.Length + 1}\narg[0]: {Repository.Guest("wasi-demo-native")}\n" +
        string.Concat(args.Select((a, i) => $"arg[{i + 1}]: {a}\n")) + "environ: 2\n";

    [Fact]
    public async Task Prints_its_arguments_and_environment_count()
    {
        Tool.Result result = await Run(null);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Header(), result.Stdout);
    }

    [Fact]
    public async Task Echoes_stdin_upper_cased()
    {
        Tool.Result result = await Run("hello, World 42\nsecond line\n", "--echo");
        Assert.Equal(Header("--echo") + "HELLO, WORLD 42\nSECOND LINE\n", result.Stdout);
    }

    [Fact]
    public async Task Lists_a_directory_sorted_and_reads_and_writes_files()
    {
        File.WriteAllText(Path.Combine(_dir, "b.txt"), "bee\n");
        File.WriteAllText(Path.Combine(_dir, "a.txt"), "ay\n");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        string written = Path.Combine(_dir, "new.txt");
        string[] args = ["--ls", _dir, "--cat", Path.Combine(_dir, "a.txt"), "--write", written, "made here", "--cat", written];
        Tool.Result result = await Run(null, args);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Header(args) + "f a.txt\nf b.txt\nd sub\nay\nmade here\n", result.Stdout);
        Assert.Equal("made here\n", File.ReadAllText(written));
    }

    [Fact]
    public async Task Exits_with_the_code_it_is_given_after_the_actions_before_it()
    {
        Tool.Result result = await Run("x", "--echo", "--exit", "42", "--echo");
        Assert.Equal(42, result.ExitCode);
        Assert.EndsWith("environ: 2\nX", result.Stdout);
    }

    [Fact]
    public async Task A_failed_action_names_what_failed_and_exits_1()
    {
        Tool.Result result = await Run(null, "--cat", Path.Combine(_dir, "absent"));
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"wasi-demo: --cat {Path.Combine(_dir, "absent")}: No such file or directory\n", result.Stderr);
    }

    [Theory]
    [InlineData("--exit", "256")]
    [InlineData("--exit", "x")]
    [InlineData("--write", "only-a-path")]
    [InlineData("--frobnicate")]
    public async Task Bad_usage_exits_2(params string[] args)
    {
        Tool.Result result = await Run(null, args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: wasi-demo", result.Stderr);
    }
}
