using System.Reflection;
using System.Reflection.Emit;

namespace Plover.Sandbox.Compilation;

/// <summary>
/// The two small methods each imported function gets: a call stub (what <c>call</c> of the import
/// compiles to: an indirect call through the instance's function table, so one compiled module can
/// bind different imports per instance) and a host trampoline (the entry point of the import when
/// it is a host function: packs arguments, calls the host, unpacks results).
/// </summary>
internal static class ImportThunks
{
    public static void EmitCallStub(ILGenerator il, CompiledSignature signature, int importIndex)
    {
        LocalBuilder function = il.DeclareLocal(typeof(Function));
        il.Emit(OpCodes.Ldarg, signature.ContextArgument);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.ContextFunctions);
        il.Emit(OpCodes.Ldc_I4, importIndex);
        il.Emit(OpCodes.Ldelem_Ref);
        il.Emit(OpCodes.Stloc, function);
        for (int i = 0; i < signature.ContextArgument; i++) il.Emit(OpCodes.Ldarg, i);
        il.Emit(OpCodes.Ldloc, function);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionContext);
        il.Emit(OpCodes.Ldarg, signature.BudgetArgument);
        il.Emit(OpCodes.Ldloc, function);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionCode);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, signature.ReturnType, signature.ParameterTypes, null);
        il.Emit(OpCodes.Ret);
    }

    public static void EmitHostTrampoline(ILGenerator il, CompiledSignature signature, int importIndex)
    {
        FuncType type = signature.Type;
        LocalBuilder arguments = il.DeclareLocal(typeof(WasmValue[]));
        LocalBuilder results = il.DeclareLocal(typeof(WasmValue[]));
        il.Emit(OpCodes.Ldc_I4, type.Parameters.Length);
        il.Emit(OpCodes.Newarr, typeof(WasmValue));
        il.Emit(OpCodes.Stloc, arguments);
        for (int i = 0; i < type.Parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, arguments);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldarg, i);
            il.Emit(OpCodes.Call, ClrTypes.Pack(type.Parameters[i]));
            il.Emit(OpCodes.Stelem, typeof(WasmValue));
        }
        il.Emit(OpCodes.Ldarg, signature.ContextArgument);
        il.Emit(OpCodes.Ldc_I4, importIndex);
        il.Emit(OpCodes.Ldarg, signature.BudgetArgument);
        il.Emit(OpCodes.Ldloc, arguments);
        il.Emit(OpCodes.Call, RuntimeMembers.HostCall);
        il.Emit(OpCodes.Stloc, results);
        for (int i = 1; i < type.Results.Length; i++)
        {
            il.Emit(OpCodes.Ldarg, signature.FirstExtraResultArgument + i - 1);
            EmitUnpack(il, results, i, type.Results[i]);
            ClrTypes.EmitStoreIndirect(il, type.Results[i]);
        }
        if (type.Results.Length > 0) EmitUnpack(il, results, 0, type.Results[0]);
        il.Emit(OpCodes.Ret);
    }

    private static void EmitUnpack(ILGenerator il, LocalBuilder array, int index, ValueKind type)
    {
        il.Emit(OpCodes.Ldloc, array);
        il.Emit(OpCodes.Ldc_I4, index);
        il.Emit(OpCodes.Ldelema, typeof(WasmValue));
        il.Emit(OpCodes.Call, ClrTypes.Unpack(type));
    }
}
