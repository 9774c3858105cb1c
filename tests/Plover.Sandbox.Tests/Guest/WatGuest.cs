using System.Collections.Concurrent;
using Plover.Sandbox.Guest.Preparation;
using Plover.Sandbox.Tests.Support;

namespace Plover.Sandbox.Tests.Guest;

/// <summary>Small guests written in WebAssembly text, prepared with Asyncify as plover prepare does.</summary>
internal static class WatGuest
{
    private static readonly ConcurrentDictionary<string, Lazy<Module>> Prepared = new();

    public const string Wasi = "wasi_snapshot_preview1";

    /// <summary>Compiles the text and runs Binaryen's Asyncify over it (wasm-opt, installed by scripts/setup).</summary>
    public static Module Prepare(string text) =>
        Prepared.GetOrAdd(text, t => new Lazy<Module>(() => Module.Compile(GuestPreparer.Prepare(Wat.ToWasm(t))))).Value;

    /// <summary>Compiles the text as is (a plain command, not prepared).</summary>
    public static Module Plain(string text) => Wat.Compile(text);
}
