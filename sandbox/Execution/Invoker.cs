using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Plover.Sandbox.Compilation;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Calls a <see cref="Function"/> from C#: checks the arguments against the signature, starts the
/// call-stack budget, and enters the compiled code through a per-signature stub that unpacks the
/// arguments and packs the results. A trap gets the index of the function it happened in.
/// </summary>
internal static class Invoker
{
    private delegate void EntryStub(nint code, InstanceContext context, int budget, WasmValue[] arguments, WasmValue[] results);

    private static readonly ConcurrentDictionary<int, EntryStub> Stubs = new();

    public static WasmValue[] Invoke(Function function, ReadOnlySpan<WasmValue> arguments)
    {
        FuncType type = function.Type;
        CheckArguments(type, arguments);
        var results = new WasmValue[type.Results.Length];
        int budget = CallStackBudget.ForHostEntry(function.Context);
        if (budget <= 0 || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new WasmTrap(TrapCode.CallStackExhausted, "no stack left to enter the guest");
        EntryStub stub = Stubs.GetOrAdd(type.CanonicalId, _ => CreateStub(type));
        try
        {
            stub(function.Code, function.Context, budget, arguments.ToArray(), results);
        }
        catch (WasmTrap trap) when (trap.FunctionIndex is null && TrapLocator.FunctionIndexOf(trap) is int index)
        {
            throw trap.WithFunction(index);
        }
        return results;
    }

    private static void CheckArguments(FuncType type, ReadOnlySpan<WasmValue> arguments)
    {
        if (arguments.Length != type.Parameters.Length)
            throw new ArgumentException($"function of type {type} takes {type.Parameters.Length} arguments, got {arguments.Length}");
        for (int i = 0; i < arguments.Length; i++)
        {
            if (!arguments[i].IsValidAs(type.Parameters[i]))
                throw new ArgumentException($"argument {i} is {arguments[i]}, the function expects a {type.Parameters[i].Name()}");
        }
    }

    private static EntryStub CreateStub(FuncType type)
    {
        var signature = new CompiledSignature(type);
        var method = new DynamicMethod($"wasm_entry_{type.CanonicalId}", typeof(void),
            [typeof(nint), typeof(InstanceContext), typeof(int), typeof(WasmValue[]), typeof(WasmValue[])], typeof(Invoker).Module, skipVisibility: true);
        ILGenerator il = method.GetILGenerator();
        for (int i = 0; i < type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldarg_3);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldelema, typeof(WasmValue));
            il.Emit(OpCodes.Call, ClrTypes.Unpack(type.Parameters[i]));
        }
        var extras = new LocalBuilder[signature.ExtraResultCount];
        for (int i = 0; i < extras.Length; i++)
        {
            extras[i] = il.DeclareLocal(ClrTypes.Of(type.Results[i + 1]));
            il.Emit(OpCodes.Ldloca, extras[i]);
        }
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_0);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, signature.ReturnType, signature.ParameterTypes, null);
        if (type.Results.Length > 0)
        {
            LocalBuilder first = il.DeclareLocal(signature.ReturnType);
            il.Emit(OpCodes.Stloc, first);
            StoreResult(il, 0, first, type.Results[0]);
        }
        for (int i = 0; i < extras.Length; i++) StoreResult(il, i + 1, extras[i], type.Results[i + 1]);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<EntryStub>();
    }

    private static void StoreResult(ILGenerator il, int index, LocalBuilder value, ValueKind type)
    {
        il.Emit(OpCodes.Ldarg, 4);
        il.Emit(OpCodes.Ldc_I4, index);
        il.Emit(OpCodes.Ldloc, value);
        il.Emit(OpCodes.Call, ClrTypes.Pack(type));
        il.Emit(OpCodes.Stelem, typeof(WasmValue));
    }
}

/// <summary>Finds which compiled wasm function a trap was thrown in, from the exception's stack trace.</summary>
internal static class TrapLocator
{
    public static int? FunctionIndexOf(Exception trap)
    {
        foreach (var frame in new System.Diagnostics.StackTrace(trap, fNeedFileInfo: false).GetFrames())
        {
            string? name = frame.GetMethod()?.Name;
            if (name is not null && name.StartsWith(CompiledCode.FunctionMethodPrefix, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(CompiledCode.FunctionMethodPrefix.Length), out int index))
                return index;
        }
        return null;
    }
}
