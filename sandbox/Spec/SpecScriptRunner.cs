using System.Text.Json;

namespace Plover.Sandbox.Spec;

/// <summary>
/// Runs the commands of one converted spec script against this engine, with the <c>spectest</c>
/// module pre-registered. Every command is isolated: whatever it throws is recorded as that
/// command's failure and the script goes on.
/// </summary>
internal sealed class SpecScriptRunner
{
    private readonly string directory;
    private readonly SpecFileResult result;
    private readonly Linker linker = new();
    private readonly Dictionary<string, Instance> named = new(StringComparer.Ordinal);
    private Instance? current;

    public SpecScriptRunner(string jsonPath, SpecFileResult result)
    {
        directory = Path.GetDirectoryName(jsonPath)!;
        this.result = result;
        SpecHostModule.Define(linker);
    }

    public void Run(JsonElement commands)
    {
        foreach (JsonElement command in commands.EnumerateArray())
        {
            string type = command.GetProperty("type").GetString()!;
            int line = command.GetProperty("line").GetInt32();
            try
            {
                string? failure = Execute(type, command);
                if (failure is null) result.Passed++;
                else if (failure.StartsWith(SkipPrefix, StringComparison.Ordinal)) result.Skip(failure[SkipPrefix.Length..]);
                else result.Failures.Add($"line {line} {type}: {failure}");
            }
            catch (Exception e)
            {
                result.Failures.Add($"line {line} {type}: unexpected {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private const string SkipPrefix = "skip:";

    /// <summary>Runs one command; null when it passed, otherwise what went wrong (or "skip:reason").</summary>
    private string? Execute(string type, JsonElement command) => type switch
    {
        "module" => DefineModule(command),
        "register" => Register(command),
        "action" => ExpectNoTrap(command),
        "assert_return" => AssertReturn(command),
        "assert_trap" or "assert_exhaustion" => AssertTrap(command),
        "assert_invalid" => AssertModuleError(command, ModuleErrorKind.Invalid),
        "assert_malformed" => AssertModuleError(command, ModuleErrorKind.Malformed),
        "assert_unlinkable" => AssertUnlinkable(command),
        "assert_uninstantiable" => AssertUninstantiable(command),
        _ => $"unknown command type {type}",
    };

    private string? DefineModule(JsonElement command)
    {
        current = null;
        Module module = Module.Compile(File.ReadAllBytes(ModulePath(command)));
        current = linker.Instantiate(module);
        if (command.TryGetProperty("name", out JsonElement name)) named[name.GetString()!] = current;
        return null;
    }

    private string? Register(JsonElement command)
    {
        Instance instance = command.TryGetProperty("name", out JsonElement name) ? named[name.GetString()!] : current ?? throw new InvalidOperationException("no module to register");
        linker.DefineInstance(command.GetProperty("as").GetString()!, instance);
        return null;
    }

    private string? ExpectNoTrap(JsonElement command)
    {
        Perform(command.GetProperty("action"));
        return null;
    }

    private string? AssertReturn(JsonElement command)
    {
        WasmValue[] actual = Perform(command.GetProperty("action"));
        JsonElement expected = command.GetProperty("expected");
        if (expected.GetArrayLength() != actual.Length) return $"expected {expected.GetArrayLength()} results, got {actual.Length}";
        int i = 0;
        foreach (JsonElement value in expected.EnumerateArray())
        {
            if (!SpecValues.Matches(value, actual[i], out string description)) return $"result {i}: {description}";
            i++;
        }
        return null;
    }

    private string? AssertTrap(JsonElement command)
    {
        string text = command.GetProperty("text").GetString()!;
        try
        {
            WasmValue[] results = Perform(command.GetProperty("action"));
            return $"expected trap \"{text}\", got {results.Length} results: {string.Join(", ", results)}";
        }
        catch (WasmTrap trap)
        {
            return TrapMatches(trap, text) ? null : $"expected trap \"{text}\", got \"{trap.Message}\"";
        }
    }

    private string? AssertModuleError(JsonElement command, ModuleErrorKind kind)
    {
        if (command.GetProperty("module_type").GetString() == "text") return SkipPrefix + "text format";
        string text = command.GetProperty("text").GetString()!;
        try
        {
            Module.Compile(File.ReadAllBytes(ModulePath(command)));
            return $"expected a {kind.ToString().ToLowerInvariant()} module (\"{text}\"), but it compiled";
        }
        catch (WasmModuleException e)
        {
            return e.Kind == kind ? null : $"expected {kind} (\"{text}\"), got {e.Message}";
        }
    }

    private string? AssertUnlinkable(JsonElement command)
    {
        Module module = Module.Compile(File.ReadAllBytes(ModulePath(command)));
        try
        {
            linker.Instantiate(module);
            return "expected a link error, but it instantiated";
        }
        catch (WasmLinkException)
        {
            return null;
        }
    }

    private string? AssertUninstantiable(JsonElement command)
    {
        string text = command.GetProperty("text").GetString()!;
        Module module = Module.Compile(File.ReadAllBytes(ModulePath(command)));
        try
        {
            linker.Instantiate(module);
            return $"expected instantiation to trap \"{text}\", but it succeeded";
        }
        catch (WasmTrap trap)
        {
            return TrapMatches(trap, text) ? null : $"expected trap \"{text}\", got \"{trap.Message}\"";
        }
    }

    private WasmValue[] Perform(JsonElement action)
    {
        Instance instance = action.TryGetProperty("module", out JsonElement name)
            ? named[name.GetString()!]
            : current ?? throw new InvalidOperationException("no current module");
        string field = action.GetProperty("field").GetString()!;
        switch (action.GetProperty("type").GetString())
        {
            case "invoke":
                var arguments = action.GetProperty("args").EnumerateArray().Select(SpecValues.Parse).ToArray();
                return instance.GetFunction(field).Invoke(arguments);
            case "get":
                return [instance.GetGlobal(field).Value];
            default:
                throw new NotSupportedException($"action type {action.GetProperty("type").GetString()}");
        }
    }

    private string ModulePath(JsonElement command) => Path.Combine(directory, command.GetProperty("filename").GetString()!);

    /// <summary>Whether a trap is the one the script names (the script's text may carry a suffix, e.g. "uninitialized element 2").</summary>
    private static bool TrapMatches(WasmTrap trap, string text)
    {
        TrapCode expected = text switch
        {
            _ when text.StartsWith("unreachable", StringComparison.Ordinal) => TrapCode.Unreachable,
            _ when text.StartsWith("out of bounds memory access", StringComparison.Ordinal) => TrapCode.MemoryOutOfBounds,
            _ when text.StartsWith("out of bounds table access", StringComparison.Ordinal) => TrapCode.TableOutOfBounds,
            _ when text.StartsWith("undefined element", StringComparison.Ordinal) => TrapCode.TableOutOfBounds,
            _ when text.StartsWith("uninitialized element", StringComparison.Ordinal) => TrapCode.NullReference,
            _ when text.StartsWith("indirect call type mismatch", StringComparison.Ordinal) => TrapCode.IndirectCallTypeMismatch,
            _ when text.StartsWith("integer overflow", StringComparison.Ordinal) => TrapCode.IntegerOverflow,
            _ when text.StartsWith("integer divide by zero", StringComparison.Ordinal) => TrapCode.IntegerDivideByZero,
            _ when text.StartsWith("invalid conversion to integer", StringComparison.Ordinal) => TrapCode.InvalidConversion,
            _ when text.StartsWith("call stack exhausted", StringComparison.Ordinal) => TrapCode.CallStackExhausted,
            _ => (TrapCode)(-1),
        };
        return trap.Code == expected;
    }
}
