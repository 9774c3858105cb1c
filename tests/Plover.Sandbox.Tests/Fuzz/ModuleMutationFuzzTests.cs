using Plover.Sandbox.Guest;
using Plover.Sandbox.Spec;
using Plover.Sandbox.Tests.Guest;
using Plover.Sandbox.Tests.Spec;
using Plover.Sandbox.Tests.Wasi;
using Plover.Sandbox.Wasi;
using Plover.Sandbox.Wasi.Time;
using Xunit.Abstractions;

namespace Plover.Sandbox.Tests.Fuzz;

/// <summary>
/// Seeded random damage to real modules (the built guests and the spec suite's binaries): the
/// decoder, validator and compiler either refuse a module with <see cref="WasmModuleException"/> or
/// produce code that links, instantiates and runs to a result or a trap. Any other exception fails
/// the test, naming the seed and the mutation that produced it, so it replays exactly.
/// </summary>
public class ModuleMutationFuzzTests(ITestOutputHelper output)
{
    private const ulong Seed = 0x5EED_F022;
    private const int MutationsPerGuest = 80;
    private const int MutationsPerSpecModule = 12;
    private const int SpecModulesMax = 160;
    private const long GuestFuelPerRun = 2_000_000;
    private const uint GuestMemoryPagesMax = 512;

    /// <summary>Spec scripts rich in control flow, memory, tables and the binary format itself.</summary>
    private static readonly string[] SpecScripts =
    [
        "binary.wast", "binary-leb128.wast", "br_table.wast", "call_indirect.wast", "memory_grow.wast", "loop.wast",
        "block.wast", "if.wast", "elem.wast", "data.wast", "global.wast", "bulk.wast", "table_copy.wast", "ref_func.wast",
        "memory_copy.wast", "conversions.wast", "select.wast", "local_tee.wast",
    ];

    public static TheoryData<string> Guests() => ["kv.wasm", "nondet.wasm", "wasi-demo.wasm", "cpu-interp.wasm"];

    [Theory]
    [MemberData(nameof(Guests))]
    public void DamagedGuestsAreRefusedOrEndWithAGuestResult(string guest)
    {
        Assert.True(GuestModules.BuildDirectory is not null, "guests/build has no kv.wasm or nondet.wasm: run scripts/setup (it builds the guests)");
        byte[] original = File.ReadAllBytes(GuestModules.PathOf(guest));
        var random = new FuzzPrng(Seed ^ (ulong)guest.Length);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < MutationsPerGuest; i++)
        {
            byte[] damaged = ModuleMutator.Mutate(original, random);
            string outcome = Replayable($"{guest} mutation {i} (seed {Seed:x})", () => RunAsGuest(damaged));
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(outcomes.Keys.Any(k => k != "refused"), "every mutation was refused: nothing reached the guest machine");
    }

    [SpecSuiteTheory]
    [InlineData("spec suite")]
    public void DamagedSpecModulesAreRefusedOrRunSafely(string corpus)
    {
        string directory = SpecSuiteLocation.Find()!;
        DirectoryInfo binaries = Directory.CreateTempSubdirectory("plover-fuzz-spec-");
        try
        {
            List<string> modules = ConvertedModules(directory, binaries.FullName);
            Assert.True(modules.Count > 20, $"only {modules.Count} spec modules converted");
            var random = new FuzzPrng(Seed);
            var outcomes = new int[Enum.GetValues<MutationOutcome>().Length];
            foreach (string file in modules)
            {
                byte[] original = File.ReadAllBytes(file);
                if (original.Length <= 9) continue;
                for (int i = 0; i < MutationsPerSpecModule; i++)
                {
                    byte[] damaged = ModuleMutator.Mutate(original, random);
                    outcomes[(int)Replayable($"{Path.GetFileName(file)} mutation {i} (seed {Seed:x})", () => MutatedModuleRunner.Run(damaged))]++;
                }
            }
            output.WriteLine($"{corpus}: {modules.Count} modules: refused {outcomes[0]}, not instantiated {outcomes[1]}, ran {outcomes[2]}");
            Assert.True(outcomes[(int)MutationOutcome.Ran] > 0, "no damaged module ran: the test exercised only the decoder");
            Assert.True(outcomes[(int)MutationOutcome.Refused] > 0, "no damaged module was refused: the mutations did not reach the decoder");
        }
        finally
        {
            binaries.Delete(recursive: true);
        }
    }

    /// <summary>Runs one case; an exception of an unexpected type fails with what replays it.</summary>
    private static T Replayable<T>(string what, Func<T> run)
    {
        try
        {
            return run();
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{what}: unexpected {e.GetType().FullName}: {e.Message}\n{e.StackTrace}");
        }
    }

    private static string RunAsGuest(byte[] bytes)
    {
        Module module;
        try
        {
            module = Module.Compile(bytes);
        }
        catch (WasmModuleException)
        {
            return "refused";
        }
        var options = new GuestMachineOptions
        {
            Wasi = new WasiConfiguration
            {
                Arguments = ["guest"], Network = new RecordingNetworkSink(), Stdout = new MemoryStream(), Stderr = new MemoryStream(),
                Nondeterminism = WasiNondeterminism.Deterministic(1_700_000_000_000_000_000, 1),
            },
            FuelPerRun = GuestFuelPerRun,
            MemoryPagesLimit = GuestMemoryPagesMax,
        };
        GuestMachine machine;
        try
        {
            machine = new GuestMachine(module, options);
        }
        catch (Exception e) when (e is GuestModuleException or WasiLinkException or WasmLinkException or WasmTrap or WasmLimitException)
        {
            return "not instantiated";
        }
        using (machine)
        {
            return machine.RunUntilBlocked().Status.ToString();
        }
    }

    private static List<string> ConvertedModules(string specDirectory, string into)
    {
        var modules = new List<string>();
        foreach (string script in SpecScripts)
        {
            string path = Path.Combine(specDirectory, script);
            if (!File.Exists(path)) continue;
            string folder = Directory.CreateDirectory(Path.Combine(into, Path.GetFileNameWithoutExtension(script))).FullName;
            Wast2Json.Convert(path, folder);
            modules.AddRange(Directory.GetFiles(folder, "*.wasm").Order(StringComparer.Ordinal));
        }
        // Spread the bound over every script rather than spending it on the first ones.
        int step = Math.Max(1, modules.Count / SpecModulesMax);
        return modules.Where((_, i) => i % step == 0).Take(SpecModulesMax).ToList();
    }
}
