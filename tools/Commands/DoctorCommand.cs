using System.CommandLine;
using System.Diagnostics;
using Plover.Consensus.Storage.RocksDb;
using Plover.Sandbox.Hashing;

namespace Plover.Cli.Commands;

/// <summary>
/// `plover doctor`: checks that the native libraries and Debian tools Plover relies on are present
/// and work, so a broken install is reported up front instead of mid-run.
/// </summary>
internal static class DoctorCommand
{
    private static readonly string[] Tools = ["clang", "wasm-ld", "wasm-opt", "wast2json", "redis-cli", "redis-benchmark", "ip"];

    public static Command Create()
    {
        var command = new Command("doctor", "Check that the native libraries and tools Plover needs are installed and working.");
        command.SetAction(_ => Run());
        return command;
    }

    private static int Run()
    {
        int problems = 0;
        problems += Check("librocksdb.so.7.8", CheckRocksDb);
        problems += Check("libxxhash.so.0", () => $"XXH3 of empty input = {Xxh3.Hash([]):X16}");
        foreach (string tool in Tools) problems += Check(tool, () => FindOnPath(tool));
        Console.WriteLine(problems == 0 ? "all checks passed" : $"{problems} problem(s): run scripts/setup to install what is missing");
        return problems == 0 ? 0 : 1;
    }

    private static int Check(string name, Func<string> probe)
    {
        try
        {
            Console.WriteLine($"ok      {name}: {probe()}");
            return 0;
        }
        catch (Exception e) when (e is DllNotFoundException or RocksDbException or FileNotFoundException or EntryPointNotFoundException)
        {
            Console.WriteLine($"MISSING {name}: {e.Message}");
            return 1;
        }
    }

    private static string CheckRocksDb()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"plover-doctor-{Environment.ProcessId}");
        try
        {
            using var db = RocksDb.Open(dir, new RocksDbOptions(), "probe");
            using var batch = new RocksWriteBatch();
            db.Write(batch.Put(db.ColumnFamily("probe"), [1], [2]), sync: true);
            return db.Get(db.ColumnFamily("probe"), [1]) is [2] ? "synced write read back" : throw new RocksDbException("probe", "read back a different value");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static string FindOnPath(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{tool} is not on PATH");
    }
}
