using System.Diagnostics;
using System.Text.RegularExpressions;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Abi;

namespace Plover.Sandbox.Tests.Wasi;

public partial class FunctionTableTests
{
    // The 46 functions of wasi_snapshot_preview1.witx.
    private static readonly string[] WitxNames =
    [
        "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_res_get", "clock_time_get",
        "fd_advise", "fd_allocate", "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
        "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size", "fd_filestat_set_times", "fd_pread",
        "fd_prestat_get", "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir", "fd_renumber", "fd_seek",
        "fd_sync", "fd_tell", "fd_write", "path_create_directory", "path_filestat_get", "path_filestat_set_times",
        "path_link", "path_open", "path_readlink", "path_remove_directory", "path_rename", "path_symlink",
        "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise", "sched_yield", "random_get", "sock_accept",
        "sock_recv", "sock_send", "sock_shutdown",
    ];

    [Fact]
    public void Lists_every_preview1_function_once()
    {
        Assert.Equal(WitxNames.Order(), WasiFunctionTable.All.Select(f => f.Name).Order());
        Assert.Equal(46, WasiFunctionTable.All.Count);
    }

    [Fact]
    public void Blocking_imports_are_the_four_that_wait_for_input()
    {
        Assert.Equal(
            ["wasi_snapshot_preview1.fd_read", "wasi_snapshot_preview1.poll_oneoff", "wasi_snapshot_preview1.sock_accept", "wasi_snapshot_preview1.sock_recv"],
            WasiFunctionTable.BlockingImports.Order());
    }

    /// <summary>
    /// Compiles a C file that references every preview1 function through wasi-libc's own
    /// declarations, and compares the import types clang emits with the table.
    /// </summary>
    [Fact]
    public void Signatures_match_the_imports_clang_emits_for_wasi_libc()
    {
        Dictionary<string, string> emitted = CompileAndReadImportTypes();
        Assert.Equal(46, emitted.Count);
        foreach (WasiFunction function in WasiFunctionTable.All)
        {
            Assert.True(emitted.TryGetValue(function.Name, out string? type), $"clang emitted no import for {function.Name}");
            Assert.Equal(type, function.TypeText);
        }
    }

    [Fact]
    public void Resolve_returns_the_function_for_a_matching_import()
    {
        WasiFunction function = WasiFunctionTable.Resolve("wasi_snapshot_preview1", "clock_time_get",
            [WasiValueType.I32, WasiValueType.I64, WasiValueType.I32], [WasiValueType.I32]);
        Assert.Equal("clock_time_get", function.Name);
        Assert.Equal("ClockTimeGet", function.Method.Name);
    }

    [Fact]
    public void Resolve_names_an_unknown_import_in_its_link_error()
    {
        var error = Assert.Throws<WasiLinkException>(() =>
            WasiFunctionTable.Resolve("wasi_snapshot_preview1", "sock_connect", [WasiValueType.I32], [WasiValueType.I32]));
        Assert.Contains("wasi_snapshot_preview1.sock_connect", error.Message);
        Assert.Equal("sock_connect", error.Name);
    }

    [Fact]
    public void Resolve_names_an_import_from_another_module_in_its_link_error()
    {
        var error = Assert.Throws<WasiLinkException>(() => WasiFunctionTable.Resolve("env", "fd_write", [], []));
        Assert.Contains("env.fd_write", error.Message);
        Assert.Equal("env", error.Module);
    }

    [Fact]
    public void Resolve_refuses_a_known_function_imported_with_another_type()
    {
        var error = Assert.Throws<WasiLinkException>(() =>
            WasiFunctionTable.Resolve("wasi_snapshot_preview1", "fd_write", [WasiValueType.I32], [WasiValueType.I32]));
        Assert.Contains("(i32) -> i32", error.Message);
        Assert.Contains("(i32, i32, i32, i32) -> i32", error.Message);
    }

    [Fact]
    public void Invoke_passes_wasm_arguments_to_the_method()
    {
        using var wasi = new WasiFixture();
        WasiFunctionTable.TryGet("clock_time_get", out WasiFunction function);
        WasiCallResult result = function.Invoke(wasi.Os, wasi.Memory, (ulong)WasiClockId.Realtime, 1, WasiFixture.OutAt);
        Assert.Equal(WasiErrno.Success, result.Errno);
        Assert.Equal((ulong)WasiFixture.StartTimeNs, wasi.Memory.U64(WasiFixture.OutAt));
    }

    [Fact]
    public void Invoke_reinterprets_an_i32_bit_pattern_as_a_negative_descriptor()
    {
        using var wasi = new WasiFixture();
        WasiFunctionTable.TryGet("fd_close", out WasiFunction function);
        Assert.Equal(WasiErrno.Badf, function.Invoke(wasi.Os, wasi.Memory, 0xFFFF_FFFFUL).Errno);
    }

    /// <summary>Every function that takes a descriptor first reports EBADF for one that is not open.</summary>
    [Fact]
    public void Every_descriptor_function_reports_ebadf_for_an_unknown_descriptor()
    {
        string[] fdFirst = WitxNames.Where(n => n.StartsWith("fd_") || n.StartsWith("path_") || n.StartsWith("sock_")).Except(["path_symlink"]).ToArray();
        foreach (string name in fdFirst)
        {
            using var wasi = new WasiFixture();
            WasiFunctionTable.TryGet(name, out WasiFunction function);
            var arguments = new ulong[function.Parameters.Count];
            arguments[0] = 77;
            for (int i = 1; i < arguments.Length; i++) arguments[i] = WasiFixture.OutAt;
            if (name == "sock_shutdown") arguments[1] = (ulong)WasiSdFlags.Rd;
            ZeroFlagArguments(name, arguments);
            Assert.True(function.Invoke(wasi.Os, wasi.Memory, arguments).Errno == WasiErrno.Badf, $"{name} on fd 77");
        }
    }

    // Flag and enum arguments are checked before the descriptor; give them valid values.
    private static void ZeroFlagArguments(string name, ulong[] arguments)
    {
        int[] flagSlots = name switch
        {
            "fd_advise" => [3],
            "fd_fdstat_set_flags" => [1],
            "fd_fdstat_set_rights" => [1, 2],
            "fd_filestat_set_times" => [3],
            "fd_seek" => [2],
            "fd_read" or "fd_write" or "fd_pread" or "fd_pwrite" => [2],
            "path_filestat_get" or "path_filestat_set_times" or "path_link" => [1],
            "path_open" => [1, 4, 5, 6, 7],
            "sock_accept" => [1],
            "sock_recv" => [2, 3],
            "sock_send" => [2, 3],
            _ => [],
        };
        foreach (int slot in flagSlots) arguments[slot] = 0;
        if (name == "path_filestat_set_times") arguments[6] = 0;
    }

    private static Dictionary<string, string> CompileAndReadImportTypes()
    {
        string directory = Directory.CreateTempSubdirectory("plover-wasi-sig-").FullName;
        try
        {
            string source = Path.Combine(directory, "all.c"), wasm = Path.Combine(directory, "all.wasm");
            File.WriteAllText(source, ReferencingProgram());
            Run("clang", $"--target=wasm32-wasi -O1 -o {wasm} {source}");
            string types = Run("wasm-objdump", $"-x -j Type {wasm}");
            string imports = Run("wasm-objdump", $"-x -j Import {wasm}");
            Dictionary<int, string> typeText = TypeLine().Matches(types).ToDictionary(m => int.Parse(m.Groups[1].Value), m => m.Groups[2].Value.Trim());
            return ImportLine().Matches(imports).ToDictionary(m => m.Groups[2].Value, m => typeText[int.Parse(m.Groups[1].Value)]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // wasi-libc 2022 no longer declares proc_raise, so it is imported with its witx type by hand.
    private static string ReferencingProgram()
    {
        string uses = string.Concat(WitxNames.Where(n => n != "proc_raise").Select(n => $"sink = (uintptr_t)&__wasi_{n};\n"));
        return "#include <wasi/api.h>\n#include <stdint.h>\n"
            + "int32_t raise_import(int32_t) __attribute__((import_module(\"wasi_snapshot_preview1\"), import_name(\"proc_raise\")));\n"
            + "volatile uintptr_t sink;\nint main(void) {\n" + uses + "sink = raise_import(0);\nreturn 0;\n}\n";
    }

    private static string Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {arguments} failed: {error}");
        return output;
    }

    [GeneratedRegex(@"type\[(\d+)\] (\(.*\) -> .*)")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"func\[\d+\] sig=(\d+) <wasi_snapshot_preview1\.(\w+)>")]
    private static partial Regex ImportLine();
}
