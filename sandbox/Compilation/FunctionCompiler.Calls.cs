using System.Reflection;
using System.Reflection.Emit;

namespace Plover.Sandbox.Compilation;

/// <summary>Direct and indirect calls: arguments stay on the IL stack, context and budget are appended.</summary>
internal sealed partial class FunctionCompiler
{
    private void EmitCall(int callee)
    {
        CompiledSignature target = codegen.Signatures[callee];
        Materialize(target.Type.Parameters.Length);
        LocalBuilder[] extraResults = EmitExtraResultAddresses(target);
        EmitContext();
        EmitBudget();
        il.Emit(OpCodes.Call, codegen.Methods[callee]);
        FinishCall(target, extraResults);
    }

    private void EmitCallIndirect(int typeIndex, int tableIndex)
    {
        FuncType type = module.Types[typeIndex];
        CompiledSignature target = codegen.SignatureOf(type);
        Materialize(type.Parameters.Length + 1);
        il.Emit(OpCodes.Ldc_I4, tableIndex);
        il.Emit(OpCodes.Ldc_I4, type.CanonicalId);
        EmitContext();
        il.Emit(OpCodes.Call, RuntimeMembers.ResolveIndirect);
        Pop(1);
        LocalBuilder function = RentTemp(typeof(Function));
        il.Emit(OpCodes.Stloc, function);
        LocalBuilder[] extraResults = EmitExtraResultAddresses(target);
        il.Emit(OpCodes.Ldloc, function);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionContext);
        EmitBudget();
        il.Emit(OpCodes.Ldloc, function);
        il.Emit(OpCodes.Ldfld, RuntimeMembers.FunctionCode);
        il.EmitCalli(OpCodes.Calli, CallingConventions.Standard, target.ReturnType, target.ParameterTypes, null);
        FinishCall(target, extraResults);
        ReturnTemp(function);
    }

    private LocalBuilder[] EmitExtraResultAddresses(CompiledSignature target)
    {
        var locals = new LocalBuilder[target.ExtraResultCount];
        for (int i = 0; i < locals.Length; i++)
        {
            locals[i] = RentTemp(target.Type.Results[i + 1]);
            il.Emit(OpCodes.Ldloca, locals[i]);
        }
        return locals;
    }

    private void FinishCall(CompiledSignature target, LocalBuilder[] extraResults)
    {
        Pop(target.Type.Parameters.Length);
        if (target.Type.Results.Length > 0) Push(target.Type.Results[0]);
        for (int i = 0; i < extraResults.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, extraResults[i]);
            Push(target.Type.Results[i + 1]);
            ReturnTemp(extraResults[i]);
        }
        EmitReloadMemoryLength();
    }
}
