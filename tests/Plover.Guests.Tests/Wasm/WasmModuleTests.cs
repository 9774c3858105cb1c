using System.Text.RegularExpressions;

namespace Plover.Guests.Tests.Wasm;

/// <summary>
/// Static checks of the wasm builds with wabt: they validate as MVP 1.0 (all post-MVP features
/// off), import only WASI preview 1, and the prepared guests carry Asyncify's exports.
/// </summary>
public sealed partial class WasmModuleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string[] AsyncifyExports =
        ["asyncify_start_unwind", "asyncify_stop_unwind", "asyncify_start_rewind", "asyncify_stop_rewind", "asyncify_get_state"];

    private static async Task AssertValidMvp(string module)
    {
        Tool.Result result = await Tool.RunAsync("wasm-validate",
            ["--disable-sign-extension", "--disable-saturating-float-to-int", "--disable-bulk-memory", "--disable-multi-value",
             "--disable-reference-types", "--disable-simd", "--disable-mutable-globals", Repository.Guest(module)], Timeout);
        Assert.True(result.ExitCode == 0, $"{module} is not valid MVP wasm: {result}");
    }

    private static async Task<(List<string> Imports, List<string> Exports)> Interface(string module)
    {
        List<string> imports = ImportLine().Matches(await Section(module, "Import")).Select(m => m.Groups[1].Value).ToList();
        List<string> exports = ExportLine().Matches(await Section(module, "Export")).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(imports);
        return (imports, exports);
    }

    /// <summary>One section's details (wasm-objdump honours only the last -j it is given).</summary>
    private static async Task<string> Section(string module, string section)
    {
        Tool.Result result = await Tool.RunAsync("wasm-objdump", ["-x", "-j", section, Repository.Guest(module)], Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout;
    }

    [Theory]
    [InlineData("kv.wasm")]
    [InlineData("nondet.wasm")]
    public async Task Prepared_guests_are_mvp_import_only_wasi_and_export_asyncify(string module)
    {
        await AssertValidMvp(module);
        (List<string> imports, List<string> exports) = await Interface(module);
        Assert.All(imports, i => Assert.StartsWith("wasi_snapshot_preview1.", i));
        Assert.Contains("wasi_snapshot_preview1.poll_oneoff", imports);
        Assert.Contains("wasi_snapshot_preview1.sock_accept", imports);
        Assert.Contains("wasi_snapshot_preview1.sock_recv", imports);
        Assert.Contains("wasi_snapshot_preview1.sock_send", imports);
        Assert.Superset(new HashSet<string>(["_start", "memory", .. AsyncifyExports]), exports.ToHashSet());
    }

    [Theory]
    [InlineData("kv.raw.wasm")]
    [InlineData("nondet.raw.wasm")]
    [InlineData("wasi-demo.wasm")]
    public async Task Unprepared_modules_are_plain_wasi_commands(string module)
    {
        await AssertValidMvp(module);
        (List<string> imports, List<string> exports) = await Interface(module);
        Assert.All(imports, i => Assert.StartsWith("wasi_snapshot_preview1.", i));
        Assert.Contains("_start", exports);
        Assert.Contains("memory", exports);
        Assert.DoesNotContain(exports, e => e.StartsWith("asyncify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Asyncify_instruments_fewer_functions_with_the_import_list_than_without()
    {
        // The list must have reached wasm-opt: instrumenting for every import gives a bigger module.
        string everything = Path.Combine(Path.GetTempPath(), $"kv-all-{Guid.NewGuid():N}.wasm");
        try
        {
            Tool.Result result = await Tool.RunAsync("wasm-opt", [Repository.Guest("kv.raw.wasm"), "--asyncify", "-O2", "-o", everything], Timeout);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.True(new FileInfo(Repository.Guest("kv.wasm")).Length < new FileInfo(everything).Length,
                "kv.wasm is as large as a module instrumented for every import: the asyncify-imports list was not applied");
        }
        finally
        {
            File.Delete(everything);
        }
    }

    [GeneratedRegex(@"^ - func\[\d+\] sig=\d+ <[^>]*> <- (\S+)$", RegexOptions.Multiline)]
    private static partial Regex ImportLine();

    [GeneratedRegex(@"^ - \w+\[\d+\] (?:<[^>]*> )?-> ""([^""]+)""$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();
}
