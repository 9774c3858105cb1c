using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Plover.Sandbox.Validation;

namespace Plover.Sandbox.Compilation;

/// <summary>
/// Compiles a validated module into one static class of a collectible dynamic assembly: one
/// method per defined function (direct calls between them are plain <c>call</c>s the JIT can
/// inline), plus a call stub and a host trampoline per imported function. Methods are marked for
/// full optimisation at first call, which skips the unoptimised tier (whose frames are larger and
/// would make the stack budget estimate unsafe) and compiles lazily, function by function.
/// </summary>
internal static class ModuleCompiler
{
    private static int assemblyCounter;

    public static CompiledCode Compile(ModuleDefinition module, FunctionFacts[] facts, bool metered)
    {
        int id = Interlocked.Increment(ref assemblyCounter);
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"Plover.Wasm.{id}"), AssemblyBuilderAccess.RunAndCollect);
        assembly.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!, [typeof(ModuleCompiler).Assembly.GetName().Name!]));
        TypeBuilder type = assembly.DefineDynamicModule("code").DefineType(
            $"WasmModule{id}", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class);

        var codegen = new ModuleCodegen(module, metered);
        var hostTrampolines = new MethodBuilder[module.ImportedFunctionCount];
        for (int i = 0; i < codegen.Methods.Length; i++)
        {
            string name = i < module.ImportedFunctionCount ? $"wasm_import_{i}" : CompiledCode.FunctionMethodPrefix + i;
            codegen.Methods[i] = DefineMethod(type, name, codegen.Signatures[i]);
            if (i < module.ImportedFunctionCount) hostTrampolines[i] = DefineMethod(type, $"wasm_host_{i}", codegen.Signatures[i]);
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

        Type baked = type.CreateType();
        var pointers = new nint[codegen.Methods.Length];
        var hostPointers = new nint[module.ImportedFunctionCount];
        for (int i = 0; i < pointers.Length; i++)
        {
            if (i < module.ImportedFunctionCount) hostPointers[i] = PointerOf(baked, $"wasm_host_{i}");
            else pointers[i] = PointerOf(baked, CompiledCode.FunctionMethodPrefix + i);
        }
        return new CompiledCode(baked, pointers, hostPointers, metered);
    }

    private static MethodBuilder DefineMethod(TypeBuilder type, string name, CompiledSignature signature)
    {
        MethodBuilder method = type.DefineMethod(name, MethodAttributes.Public | MethodAttributes.Static, signature.ReturnType, signature.ParameterTypes);
        method.SetImplementationFlags(MethodImplAttributes.AggressiveOptimization);
        return method;
    }

    private static nint PointerOf(Type baked, string name) =>
        baked.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!.MethodHandle.GetFunctionPointer();
}
