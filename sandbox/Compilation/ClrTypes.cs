using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;
using Plover.Sandbox.Execution;

namespace Plover.Sandbox.Compilation;

/// <summary>The CLR type that holds each wasm value type in compiled code, and the packing methods for <see cref="WasmValue"/>.</summary>
internal static class ClrTypes
{
    public static Type Of(ValueKind type) => type switch
    {
        ValueKind.I32 => typeof(int),
        ValueKind.I64 => typeof(long),
        ValueKind.F32 => typeof(float),
        ValueKind.F64 => typeof(double),
        ValueKind.V128 => typeof(Vector128<byte>),
        ValueKind.FuncRef or ValueKind.ExternRef => typeof(object),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no CLR representation"),
    };

    /// <summary>The static method that packs a CLR value of <paramref name="type"/> into a <see cref="WasmValue"/>.</summary>
    public static MethodInfo Pack(ValueKind type) => typeof(WasmValue).GetMethod(type switch
    {
        ValueKind.I32 => nameof(WasmValue.FromI32),
        ValueKind.I64 => nameof(WasmValue.FromI64),
        ValueKind.F32 => nameof(WasmValue.FromF32),
        ValueKind.F64 => nameof(WasmValue.FromF64),
        ValueKind.V128 => nameof(WasmValue.FromV128),
        ValueKind.FuncRef => nameof(WasmValue.FromFuncRef),
        _ => nameof(WasmValue.FromExternRef),
    }, BindingFlags.Static | BindingFlags.NonPublic)!;

    /// <summary>The instance method of <see cref="WasmValue"/> that unpacks it to the CLR value of <paramref name="type"/>.</summary>
    public static MethodInfo Unpack(ValueKind type) => type switch
    {
        ValueKind.I32 => typeof(WasmValue).GetMethod(nameof(WasmValue.AsI32))!,
        ValueKind.I64 => typeof(WasmValue).GetMethod(nameof(WasmValue.AsI64))!,
        ValueKind.F32 => typeof(WasmValue).GetMethod(nameof(WasmValue.AsF32))!,
        ValueKind.F64 => typeof(WasmValue).GetMethod(nameof(WasmValue.AsF64))!,
        ValueKind.V128 => typeof(WasmValue).GetMethod(nameof(WasmValue.AsV128))!,
        _ => typeof(WasmValue).GetProperty(nameof(WasmValue.Reference))!.GetMethod!,
    };

    /// <summary>Emits the store of a value of <paramref name="type"/> through the address below it on the IL stack.</summary>
    public static void EmitStoreIndirect(ILGenerator il, ValueKind type)
    {
        switch (type)
        {
            case ValueKind.I32: il.Emit(OpCodes.Stind_I4); break;
            case ValueKind.I64: il.Emit(OpCodes.Stind_I8); break;
            case ValueKind.F32: il.Emit(OpCodes.Stind_R4); break;
            case ValueKind.F64: il.Emit(OpCodes.Stind_R8); break;
            case ValueKind.V128: il.Emit(OpCodes.Stobj, typeof(Vector128<byte>)); break;
            default: il.Emit(OpCodes.Stind_Ref); break;
        }
    }
}

/// <summary>
/// The CLR signature of a compiled wasm function: its parameters, then one by-reference slot per
/// result after the first, then the instance context and the remaining call-stack budget. The
/// first result (if any) is the return value. Context and budget come last so that arguments
/// already on the evaluation stack need no reshuffling at a call.
/// </summary>
internal sealed class CompiledSignature
{
    public CompiledSignature(FuncType type)
    {
        Type = type;
        ReturnType = type.Results.Length == 0 ? typeof(void) : ClrTypes.Of(type.Results[0]);
        var parameters = new List<Type>();
        foreach (ValueKind p in type.Parameters) parameters.Add(ClrTypes.Of(p));
        FirstExtraResultArgument = parameters.Count;
        for (int i = 1; i < type.Results.Length; i++) parameters.Add(ClrTypes.Of(type.Results[i]).MakeByRefType());
        ContextArgument = parameters.Count;
        parameters.Add(typeof(InstanceContext));
        BudgetArgument = parameters.Count;
        parameters.Add(typeof(int));
        ParameterTypes = [.. parameters];
    }

    public FuncType Type { get; }
    public Type ReturnType { get; }
    public Type[] ParameterTypes { get; }
    public int FirstExtraResultArgument { get; }
    public int ContextArgument { get; }
    public int BudgetArgument { get; }
    public int ExtraResultCount => Type.Results.Length > 0 ? Type.Results.Length - 1 : 0;
}
