using Plover.Sandbox.Tests.Support;
using Xunit.Abstractions;

namespace Plover.Sandbox.Tests.Runtime;

/// <summary>
/// No input may take the host down: randomly damaged modules either compile or are refused with a
/// <see cref="WasmModuleException"/>; whatever compiles must JIT (so the generated IL is valid),
/// instantiate or fail to link cleanly, and run its exports to a result or a <see cref="WasmTrap"/>.
/// </summary>
public class MalformedInputTests(ITestOutputHelper output)
{
    private const int MutationsPerModule = 400;

    private static readonly string[] Corpus =
    [
        """
        (module
          (memory 1 2)
          (global $g (mut i32) (i32.const 0))
          (table 4 funcref)
          (elem (i32.const 0) $a $b)
          (type $t (func (param i32) (result i32)))
          (func $a (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func $b (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
          (func (export "control") (param i32) (result i32) (local i64 f64)
            (block $out (result i32)
              (block $exit
                (loop $top
                  (br_if $out (local.get 0) (i32.gt_u (local.get 0) (i32.const 100)))
                  (local.set 0 (call_indirect (type $t) (local.get 0) (i32.and (local.get 0) (i32.const 1))))
                  (if (i32.eqz (i32.rem_u (local.get 0) (i32.const 3)))
                    (then (global.set $g (i32.add (global.get $g) (i32.const 1))))
                    (else (i32.store (i32.and (local.get 0) (i32.const 0xFFF)) (local.get 0))))
                  (br_table $top $top $exit (i32.rem_u (local.get 0) (i32.const 3)))))
              (i32.const -1)))
          (func (export "numbers") (param f64 i64) (result f32 i64)
            (f32.demote_f64 (f64.sqrt (local.get 0)))
            (i64.rotl (local.get 1) (i64.extend_i32_u (i32.wrap_i64 (local.get 1)))))
          (func (export "bulk") (param i32)
            (memory.fill (i32.const 0) (local.get 0) (i32.const 100))
            (memory.copy (i32.const 200) (i32.const 0) (i32.const 50))
            (drop (memory.grow (i32.const 1)))))
        """,
        """
        (module
          (import "env" "f" (func $f (param i32 i64) (result f64)))
          (import "env" "m" (memory 1))
          (import "env" "g" (global $g (mut i64)))
          (func (export "run") (param i32) (result f64 i32)
            (call $f (local.get 0) (global.get $g))
            (block (param f64) (result f64 i32)
              (i32.load8_s (local.get 0)))
            (select (i32.const 1) (i32.const 2) (local.get 0))
            (drop)))
        """,
    ];

    public static TheoryData<int> CorpusIndices() => [0, 1];

    [Theory]
    [MemberData(nameof(CorpusIndices))]
    public void DamagedModulesAreRefusedOrRunSafely(int corpusIndex)
    {
        byte[] original = Wat.ToWasm(Corpus[corpusIndex]);
        RunExports(Module.Compile(original));
        var random = new Random(7919 * (corpusIndex + 1));
        int compiled = 0;
        for (int i = 0; i < MutationsPerModule; i++)
        {
            byte[] damaged = Mutate(original, random);
            Module module;
            try
            {
                module = Module.Compile(damaged);
            }
            catch (WasmModuleException)
            {
                continue;
            }
            compiled++;
            module.PrepareAll();
            RunExports(module);
        }
        output.WriteLine($"{compiled} of {MutationsPerModule} damaged modules compiled and ran");
        Assert.True(compiled > 0, "no mutation compiled: the test exercised only the decoder");
    }

    [Fact]
    public void BuiltGuestsSurviveDamage()
    {
        string? build = GuestBuild();
        if (build is null) return;  // guests are built by scripts/setup; nothing to damage without them
        var random = new Random(104729);
        foreach (string file in Directory.GetFiles(build, "cpu-*.wasm"))
        {
            byte[] original = File.ReadAllBytes(file);
            for (int i = 0; i < 25; i++)
            {
                try
                {
                    RunExports(Module.Compile(Mutate(original, random)));
                }
                catch (WasmModuleException)
                {
                }
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            // Leave the header alone most of the time, so the damage reaches the sections.
            int at = random.Next(8, bytes.Count);
            switch (random.Next(4))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: bytes.Insert(at, (byte)random.Next(256)); break;
                default: if (bytes.Count > 9) bytes.RemoveAt(at); break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Links every import to a stand-in of its type and calls every export with zero arguments, metered.</summary>
    private static void RunExports(Module module)
    {
        Instance instance;
        try
        {
            instance = StandIns(module).Instantiate(module, new InstanceOptions { Fuel = 20_000 });
        }
        catch (Exception e) when (e is WasmLinkException or WasmTrap or WasmLimitException)
        {
            return;
        }
        foreach (var (_, value) in instance.Exports)
        {
            if (value is not Function function) continue;
            instance.Fuel = 20_000;
            try
            {
                function.Invoke(function.Type.Parameters.Select(WasmValue.Default).ToArray());
            }
            catch (WasmTrap)
            {
            }
        }
    }

    private static Linker StandIns(Module module)
    {
        var linker = new Linker();
        foreach (Import import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    FuncType type = module.Definition.Types[(int)import.TypeIndex];
                    linker.DefineFunction(import.ModuleName, import.FieldName, type, (_, _, _) => { });
                    break;
                case ExternalKind.Memory:
                    linker.Define(import.ModuleName, import.FieldName, new Memory(import.Memory, limitPages: 16));
                    break;
                case ExternalKind.Table:
                    linker.Define(import.ModuleName, import.FieldName, new Table(import.Table, limitElements: 1000));
                    break;
                case ExternalKind.Global:
                    linker.Define(import.ModuleName, import.FieldName, new Global(import.Global, WasmValue.Default(import.Global.ValueKind)));
                    break;
            }
        }
        return linker;
    }

    private static string? GuestBuild()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, "guests", "build");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
