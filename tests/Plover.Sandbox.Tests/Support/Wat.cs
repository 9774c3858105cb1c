using System.Collections.Concurrent;
using System.Diagnostics;

namespace Plover.Sandbox.Tests.Support;

/// <summary>Turns WebAssembly text into a binary module with wabt's wat2wasm (installed by scripts/setup).</summary>
internal static class Wat
{
    private static readonly ConcurrentDictionary<string, byte[]> Cache = new();

    public static byte[] ToWasm(string text) => Cache.GetOrAdd(text, Convert);

    public static Module Compile(string text) => Module.Compile(ToWasm(text));

    /// <summary>Compiles and instantiates with an empty linker (or the given one).</summary>
    public static Instance Instantiate(string text, Linker? linker = null, InstanceOptions? options = null) =>
        (linker ?? new Linker()).Instantiate(Compile(text), options);

    private static byte[] Convert(string text)
    {
        string directory = Directory.CreateTempSubdirectory("plover-wat-").FullName;
        try
        {
            string input = Path.Combine(directory, "module.wat");
            string output = Path.Combine(directory, "module.wasm");
            File.WriteAllText(input, text);
            var start = new ProcessStartInfo("wat2wasm") { RedirectStandardError = true, UseShellExecute = false };
            // No validation here: invalid modules are test inputs, and the engine validates on its own.
            foreach (string argument in new[] { input, "--no-check", "--enable-multi-memory", "-o", output }) start.ArgumentList.Add(argument);
            using Process process = Process.Start(start)!;
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"wat2wasm failed: {errors}");
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
