using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Plover.Sandbox.Compilation;
using Plover.Sandbox.Decoding;
using Plover.Sandbox.Validation;

namespace Plover.Sandbox;

/// <summary>
/// A decoded, validated and compiled module. Compile once, instantiate any number of independent
/// instances (replicas, restore targets) that share its compiled code. A metered variant (with fuel
/// checks) is compiled on first use by an instance that enables fuel.
/// </summary>
public sealed class Module
{
    private readonly Lock meteredLock = new();
    private readonly CompiledCode plainCode;
    private CompiledCode? meteredCode;

    private Module(ModuleDefinition definition, FunctionFacts[] facts, CompiledCode plainCode, CompileTimings timings)
    {
        Definition = definition;
        Facts = facts;
        this.plainCode = plainCode;
        Timings = timings;
    }

    internal ModuleDefinition Definition { get; }
    internal FunctionFacts[] Facts { get; }

    public IReadOnlyList<Import> Imports => Definition.Imports;
    public IReadOnlyList<Export> Exports => Definition.Exports;

    /// <summary>Size of the module binary in bytes.</summary>
    public int SizeBytes => Definition.Bytes.Length;

    /// <summary>How long decoding, validation and CIL generation took.</summary>
    public CompileTimings Timings { get; }

    /// <summary>Decodes, validates and compiles <paramref name="bytes"/>; throws <see cref="WasmModuleException"/> when they are not a valid module this engine supports.</summary>
    public static Module Compile(ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        var clock = Stopwatch.StartNew();
        ModuleDefinition definition = ModuleDecoder.Decode(copy);
        TimeSpan decode = clock.Elapsed;
        FunctionFacts[] facts = ModuleValidator.Validate(definition);
        TimeSpan validate = clock.Elapsed - decode;
        CompiledCode code = ModuleCompiler.Compile(definition, facts, metered: false);
        TimeSpan generate = clock.Elapsed - decode - validate;
        return new Module(definition, facts, code, new CompileTimings(decode, validate, generate));
    }

    /// <summary>The type of function <paramref name="index"/> of the module's function index space.</summary>
    public FuncType FunctionType(int index) => Definition.FunctionType(index);

    /// <summary>
    /// Has the JIT compile every function now rather than at first call (used to measure machine
    /// code generation time, or to take it off the first request). Returns how long it took.
    /// </summary>
    public TimeSpan PrepareAll(bool metered = false)
    {
        var clock = Stopwatch.StartNew();
        foreach (Type type in CodeFor(metered).GeneratedTypes)
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                RuntimeHelpers.PrepareMethod(method.MethodHandle);
        return clock.Elapsed;
    }

    internal CompiledCode CodeFor(bool metered)
    {
        if (!metered) return plainCode;
        lock (meteredLock)
        {
            return meteredCode ??= ModuleCompiler.Compile(Definition, Facts, metered: true);
        }
    }
}

/// <summary>Time spent in each stage of <see cref="Module.Compile"/>.</summary>
public readonly record struct CompileTimings(TimeSpan Decode, TimeSpan Validate, TimeSpan GenerateCil)
{
    public TimeSpan Total => Decode + Validate + GenerateCil;
}
