using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Plover.Sandbox.Validation;

namespace Plover.Sandbox.Compilation;

/// <summary>
/// Compiles a validated module into static classes of one collectible dynamic assembly: one
/// method per defined function (direct calls between them are plain <c>call</c>s the JIT can
/// inline), plus a call stub and a host trampoline per imported function. Methods are marked for
/// full optimisation at first call, which skips the unoptimised tier (whose frames are larger and
/// would make the stack budget estimate unsafe) and compiles lazily, function by function.
/// </summary>
internal static class ModuleCompiler
{
    /// <summary>Methods per generated class; the runtime refuses a type with 65,536 methods or more.</summary>
    public const int MethodsPerTypeMax = 16_384;

    private static int assemblyCounter;

    public static CompiledCode Compile(ModuleDefinition module, FunctionFacts[] facts, bool metered)
    {
        int id = Interlocked.Increment(ref assemblyCounter);
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"Plover.Wasm.{id}"), AssemblyBuilderAccess.RunAndCollect);
        assembly.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!, [typeof(ModuleCompiler).Assembly.GetName().Name!]));
        var types = new GeneratedTypes(assembly.DefineDynamicModule("code"), $"WasmModule{id}");

        var codegen = new ModuleCodegen(module, metered);
        var hostTrampolines = new MethodBuilder[module.ImportedFunctionCount];
        for (int i = 0; i < codegen.Methods.Length; i++)
        {
            string name = i < module.ImportedFunctionCount ? $"wasm_import_{i}" : CompiledCode.FunctionMethodPrefix + i;
            codegen.Methods[i] = types.DefineMethod(name, codegen.Signatures[i]);
            if (i < module.ImportedFunctionCount) hostTrampolines[i] = types.DefineMethod($"wasm_host_{i}", codegen.Signatures[i]);
        }
        for (int i = 0; i < module.ImportedFunctionCount; i++)
        {
            ImportThunks.EmitCallStub(codegen.Methods[i].GetILGenerator(), codegen.Signatures[i], i);
            ImportThunks.EmitHostTrampoline(hostTrampolines[i].GetILGenerator(), codegen.Signatures[i], i);
        }
        for (int i = 0; i < module.Bodies.Count; i++)
        {
            int index = module.ImportedFunctionCount + i;
            new FunctionCompiler(codegen, index, module.Bodies[i], facts[i], codegen.Methods[index].GetILGenerator()).Compile();
        }

        Type[] baked = types.Bake();
        // One pass over the baked methods: looking each one up by name would be quadratic.
        var byName = baked.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .ToDictionary(m => m.Name, StringComparer.Ordinal);
        var pointers = new nint[codegen.Methods.Length];
        var hostPointers = new nint[module.ImportedFunctionCount];
        for (int i = 0; i < pointers.Length; i++)
        {
            if (i < module.ImportedFunctionCount) hostPointers[i] = byName[$"wasm_host_{i}"].MethodHandle.GetFunctionPointer();
            else pointers[i] = byName[CompiledCode.FunctionMethodPrefix + i].MethodHandle.GetFunctionPointer();
        }
        return new CompiledCode(baked, pointers, hostPointers, metered);
    }

    /// <summary>The static classes a module's methods go into, a new one each <see cref="MethodsPerTypeMax"/> methods.</summary>
    private sealed class GeneratedTypes(ModuleBuilder module, string name)
    {
        private readonly List<TypeBuilder> types = [];
        private int methodsInCurrent = MethodsPerTypeMax;

        public MethodBuilder DefineMethod(string methodName, CompiledSignature signature)
        {
            if (methodsInCurrent == MethodsPerTypeMax)
            {
                types.Add(module.DefineType($"{name}_{types.Count}", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class));
                methodsInCurrent = 0;
            }
            methodsInCurrent++;
            MethodBuilder method = types[^1].DefineMethod(methodName, MethodAttributes.Public | MethodAttributes.Static, signature.ReturnType, signature.ParameterTypes);
            method.SetImplementationFlags(MethodImplAttributes.AggressiveOptimization);
            return method;
        }

        public Type[] Bake() => [.. types.Select(t => t.CreateType())];
    }
}
