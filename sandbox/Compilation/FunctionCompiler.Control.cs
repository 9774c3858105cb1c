using System.Reflection.Emit;
using Plover.Sandbox.Decoding;

namespace Plover.Sandbox.Compilation;

/// <summary>
/// Structured control flow. Every label is reached with an empty IL stack: values a branch carries
/// travel through the target's locals (a loop's parameter locals, a block's result locals).
/// </summary>
internal sealed partial class FunctionCompiler
{
    private sealed class Frame
    {
        public Opcode Kind;
        public bool IsFunction;
        /// <summary>Opened inside unreachable code: nothing of it is emitted.</summary>
        public bool Dead;
        public ValueKind[] Params = [];
        public ValueKind[] Results = [];
        /// <summary>Model height below the frame's parameters.</summary>
        public int Height;
        /// <summary>The end of a block, if or function; the head of a loop.</summary>
        public Label Label;
        public Label ElseLabel;
        /// <summary>Where branches leave their values: a loop's parameters, otherwise the results (made on first use).</summary>
        public LocalBuilder[]? BranchLocals;
        public LocalBuilder[]? IfParams;
        public bool Targeted;
        public bool Unreachable;

        public ValueKind[] LabelTypes => Kind == Opcode.Loop ? Params : Results;
    }

    private readonly List<Frame> frames = [];

    private bool CurrentCodeUnreachable => frames[^1].Unreachable || frames[^1].Dead;

    private bool EmitControl(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.Nop: return true;
            case Opcode.Unreachable:
                il.Emit(OpCodes.Call, RuntimeMembers.TrapUnreachable);
                il.Emit(OpCodes.Throw);
                MarkUnreachable();
                return true;
            case Opcode.Block: EmitBlock(instruction.Block); return true;
            case Opcode.Loop: EmitLoop(instruction.Block); return true;
            case Opcode.If: EmitIf(instruction.Block); return true;
            case Opcode.Else: EmitElse(); return true;
            case Opcode.End: EmitEnd(); return true;
            case Opcode.Br: EmitBranch(FrameAt(instruction.Index)); return true;
            case Opcode.BrIf: EmitBranchIf(FrameAt(instruction.Index)); return true;
            case Opcode.BrTable: EmitBranchTable(instruction.Targets!); return true;
            case Opcode.Return: EmitBranch(frames[0]); return true;
            case Opcode.Call: EmitCall((int)instruction.Index); return true;
            case Opcode.CallIndirect: EmitCallIndirect((int)instruction.Index, (int)instruction.Index2); return true;
            default: return false;
        }
    }

    /// <summary>In unreachable code only nesting matters: frames opened there are dead, else/end still count.</summary>
    private void SkipUnreachable(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.Block or Opcode.Loop or Opcode.If:
                frames.Add(new Frame { Kind = instruction.Opcode, Dead = true });
                break;
            case Opcode.Else:
                if (!frames[^1].Dead) EmitElse();
                break;
            case Opcode.End:
                if (frames[^1].Dead) frames.RemoveAt(frames.Count - 1);
                else EmitEnd();
                break;
        }
    }

    private Frame FrameAt(uint depth) => frames[frames.Count - 1 - (int)depth];

    private void MarkUnreachable()
    {
        Frame frame = frames[^1];
        TruncateModel(frame.Height);
        frame.Unreachable = true;
    }

    private (ValueKind[] Params, ValueKind[] Results) Resolve(BlockType block)
    {
        if (block.IsTypeIndex)
        {
            FuncType type = module.Types[block.TypeIndex];
            return (type.Parameters, type.Results);
        }
        return block.Value is ValueKind value ? ([], [value]) : ([], []);
    }

    private void EmitBlock(BlockType block)
    {
        var (parameters, results) = Resolve(block);
        SpillAll();
        frames.Add(new Frame { Kind = Opcode.Block, Params = parameters, Results = results, Height = stack.Count - parameters.Length, Label = il.DefineLabel() });
    }

    private void EmitLoop(BlockType block)
    {
        var (parameters, results) = Resolve(block);
        LocalBuilder[] parameterLocals = PopToLocals(parameters.Length);
        SpillAll();
        var frame = new Frame { Kind = Opcode.Loop, Params = parameters, Results = results, Height = stack.Count, Label = il.DefineLabel(), BranchLocals = parameterLocals };
        frames.Add(frame);
        MarkBranchTarget(frame.Label);
        if (codegen.Metered) EmitFuelCharge();
        LoadLocals(parameterLocals, parameters);
    }

    private void EmitIf(BlockType block)
    {
        var (parameters, results) = Resolve(block);
        LocalBuilder condition = PopToLocal();
        LocalBuilder[] parameterLocals = PopToLocals(parameters.Length);
        SpillAll();
        var frame = new Frame
        {
            Kind = Opcode.If, Params = parameters, Results = results, Height = stack.Count,
            Label = il.DefineLabel(), ElseLabel = il.DefineLabel(), IfParams = parameterLocals,
        };
        frames.Add(frame);
        il.Emit(OpCodes.Ldloc, condition);
        il.Emit(OpCodes.Brfalse, frame.ElseLabel);
        ReturnTemp(condition);
        LoadLocals(parameterLocals, parameters);
    }

    private void EmitElse()
    {
        Frame frame = frames[^1];
        if (!frame.Unreachable)
        {
            StoreTopInto(ResultLocals(frame));
            il.Emit(OpCodes.Br, frame.Label);
            frame.Targeted = true;
        }
        TruncateModel(frame.Height);
        MarkBranchTarget(frame.ElseLabel);
        frame.Kind = Opcode.Else;
        frame.Unreachable = false;
        LoadLocals(frame.IfParams!, frame.Params);
    }

    private void EmitEnd()
    {
        Frame frame = frames[^1];
        frames.RemoveAt(frames.Count - 1);
        bool fallsThrough = !frame.Unreachable;
        if (frame.Kind == Opcode.Loop)
        {
            foreach (LocalBuilder local in frame.BranchLocals!) ReturnTemp(local);
            if (!fallsThrough) AfterUnreachableEnd(frame);
        }
        else
        {
            EndBlockLike(frame, fallsThrough);
        }
        if (frame.IsFunction && (fallsThrough || frame.Targeted)) EmitReturn();
    }

    private void EndBlockLike(Frame frame, bool fallsThrough)
    {
        bool implicitElse = frame.Kind == Opcode.If;
        bool merges = frame.Targeted || implicitElse;
        if (fallsThrough && merges)
        {
            StoreTopInto(ResultLocals(frame));
            if (implicitElse) il.Emit(OpCodes.Br, frame.Label);
        }
        if (implicitElse)
        {
            // The missing else passes the parameters through as results (validation made the types equal).
            MarkBranchTarget(frame.ElseLabel);
            LocalBuilder[] results = ResultLocals(frame);
            for (int i = 0; i < results.Length; i++)
            {
                il.Emit(OpCodes.Ldloc, frame.IfParams![i]);
                il.Emit(OpCodes.Stloc, results[i]);
            }
        }
        if (frame.IfParams is not null) foreach (LocalBuilder local in frame.IfParams) ReturnTemp(local);

        if (merges)
        {
            TruncateModel(frame.Height);
            MarkBranchTarget(frame.Label);
            LocalBuilder[] results = ResultLocals(frame);
            LoadLocals(results, frame.Results);
            foreach (LocalBuilder local in results) ReturnTemp(local);
        }
        else if (!fallsThrough)
        {
            AfterUnreachableEnd(frame);
        }
    }

    /// <summary>Nothing reaches the end of this frame, so the code after it is unreachable too.</summary>
    private void AfterUnreachableEnd(Frame frame)
    {
        TruncateModel(frame.Height);
        if (frames.Count > 0) MarkUnreachable();
    }

    private LocalBuilder[] ResultLocals(Frame frame)
    {
        if (frame.BranchLocals is null)
        {
            frame.BranchLocals = new LocalBuilder[frame.Results.Length];
            for (int i = 0; i < frame.Results.Length; i++) frame.BranchLocals[i] = RentTemp(frame.Results[i]);
        }
        return frame.BranchLocals;
    }

    /// <summary>The locals a branch to <paramref name="target"/> writes its values to.</summary>
    private LocalBuilder[] BranchTargetLocals(Frame target)
    {
        if (target.Kind == Opcode.Loop) return target.BranchLocals!;
        target.Targeted = true;
        return ResultLocals(target);
    }

    private void EmitBranch(Frame target)
    {
        StoreTopInto(BranchTargetLocals(target));
        DiscardIlResident();
        il.Emit(OpCodes.Br, target.Label);
        MarkUnreachable();
    }

    private void EmitBranchIf(Frame target)
    {
        LocalBuilder[] targetLocals = BranchTargetLocals(target);
        bool onlyConditionOnIl = stack[^1].Spill is null && (stack.Count == 1 || stack[^2].Spill is not null);
        if (targetLocals.Length == 0 && onlyConditionOnIl)
        {
            Pop(1);
            il.Emit(OpCodes.Brtrue, target.Label);
            return;
        }
        LocalBuilder condition = PopToLocal();
        SpillAll();
        // Writing the target's locals on the not-taken path is harmless: they are read only after a branch.
        for (int i = 0; i < targetLocals.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, stack[stack.Count - targetLocals.Length + i].Spill!);
            il.Emit(OpCodes.Stloc, targetLocals[i]);
        }
        il.Emit(OpCodes.Ldloc, condition);
        il.Emit(OpCodes.Brtrue, target.Label);
        ReturnTemp(condition);
    }

    private void EmitBranchTable(uint[] depths)
    {
        LocalBuilder index = PopToLocal();
        int arity = FrameAt(depths[^1]).LabelTypes.Length;
        LocalBuilder[] values = PopToLocals(arity);
        DiscardIlResident();
        var stubs = new Dictionary<Frame, Label>();
        var labels = new Label[depths.Length];
        for (int i = 0; i < depths.Length; i++)
        {
            Frame target = FrameAt(depths[i]);
            BranchTargetLocals(target);
            if (arity == 0) labels[i] = target.Label;
            else if (!stubs.TryGetValue(target, out labels[i])) stubs[target] = labels[i] = il.DefineLabel();
        }
        il.Emit(OpCodes.Ldloc, index);
        il.Emit(OpCodes.Switch, labels[..^1]);
        il.Emit(OpCodes.Br, labels[^1]);
        foreach (var (target, stub) in stubs)
        {
            MarkBranchTarget(stub);
            LocalBuilder[] targetLocals = BranchTargetLocals(target);
            for (int i = 0; i < arity; i++)
            {
                il.Emit(OpCodes.Ldloc, values[i]);
                il.Emit(OpCodes.Stloc, targetLocals[i]);
            }
            il.Emit(OpCodes.Br, target.Label);
        }
        ReturnTemp(index);
        foreach (LocalBuilder value in values) ReturnTemp(value);
        MarkUnreachable();
    }

    /// <summary>Function epilogue: results after the first go through their by-reference parameters.</summary>
    private void EmitReturn()
    {
        ValueKind[] results = signature.Type.Results;
        Materialize(results.Length);
        for (int i = results.Length - 1; i >= 1; i--)
        {
            LocalBuilder temp = RentTemp(results[i]);
            il.Emit(OpCodes.Stloc, temp);
            il.Emit(OpCodes.Ldarg, signature.FirstExtraResultArgument + i - 1);
            il.Emit(OpCodes.Ldloc, temp);
            EmitStoreIndirect(results[i]);
            ReturnTemp(temp);
        }
        Pop(results.Length);
        il.Emit(OpCodes.Ret);
    }

    private void EmitStoreIndirect(ValueKind type) => ClrTypes.EmitStoreIndirect(il, type);
}
