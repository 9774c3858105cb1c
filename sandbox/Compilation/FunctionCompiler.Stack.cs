using System.Reflection.Emit;

namespace Plover.Sandbox.Compilation;

/// <summary>
/// The compile-time model of the wasm operand stack. Each entry is either on the IL evaluation
/// stack or spilled into a temporary local it owns. Invariant: the entries on the IL stack are a
/// suffix of the model (spilled entries are never above IL-resident ones), so the IL stack holds
/// exactly the IL-resident entries, in order.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private struct StackEntry
    {
        public ValueKind Type;
        public LocalBuilder? Spill;

        /// <summary>The local value this operand is a copy of, if it was read from a local (see <see cref="LocalValue"/>).</summary>
        public LocalValue? Source;
    }

    private readonly List<StackEntry> stack = [];
    private readonly Dictionary<Type, Stack<LocalBuilder>> freeTemps = [];

    private LocalBuilder RentTemp(ValueKind type) => RentTemp(ClrTypes.Of(type));

    private LocalBuilder RentTemp(Type clr)
    {
        if (freeTemps.TryGetValue(clr, out Stack<LocalBuilder>? free) && free.Count > 0) return free.Pop();
        return DeclareLocal(clr);
    }

    private void ReturnTemp(LocalBuilder local)
    {
        if (!freeTemps.TryGetValue(local.LocalType, out Stack<LocalBuilder>? free)) freeTemps[local.LocalType] = free = new Stack<LocalBuilder>();
        free.Push(local);
    }

    /// <summary>Records a value the last emitted IL pushed.</summary>
    private void Push(ValueKind type) => stack.Add(new StackEntry { Type = type });

    /// <summary>Removes the top <paramref name="count"/> entries after IL consumed them (they must be IL-resident).</summary>
    private void Pop(int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (stack[^1].Spill is not null) throw new InvalidOperationException("compiler bug: popped a spilled operand without loading it");
            stack.RemoveAt(stack.Count - 1);
        }
    }

    /// <summary>Makes the top <paramref name="count"/> entries IL-resident, in order, loading spilled ones.</summary>
    private void Materialize(int count)
    {
        if (count == 0) return;
        int start = stack.Count - count;
        if (stack[start].Spill is null) return;  // suffix invariant: all above are IL-resident too
        for (int i = stack.Count - 1; i > start && stack[i].Spill is null; i--) SpillEntry(i);
        for (int i = start; i < stack.Count; i++)
        {
            LocalBuilder spill = stack[i].Spill!;
            il.Emit(OpCodes.Ldloc, spill);
            ReturnTemp(spill);
            stack[i] = stack[i] with { Spill = null };
        }
    }

    /// <summary>Moves every IL-resident entry into a temporary, leaving the IL stack empty.</summary>
    private void SpillAll()
    {
        for (int i = stack.Count - 1; i >= 0 && stack[i].Spill is null; i--) SpillEntry(i);
    }

    private void SpillEntry(int index)
    {
        LocalBuilder temp = RentTemp(stack[index].Type);
        il.Emit(OpCodes.Stloc, temp);
        stack[index] = stack[index] with { Spill = temp };
    }

    /// <summary>Removes the top entry into a local the caller now owns (and must return).</summary>
    private LocalBuilder PopToLocal()
    {
        StackEntry top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        if (top.Spill is not null) return top.Spill;
        LocalBuilder temp = RentTemp(top.Type);
        il.Emit(OpCodes.Stloc, temp);
        return temp;
    }

    /// <summary>Removes the top <paramref name="count"/> entries into owned locals, deepest first.</summary>
    private LocalBuilder[] PopToLocals(int count)
    {
        var locals = new LocalBuilder[count];
        for (int i = count - 1; i >= 0; i--) locals[i] = PopToLocal();
        return locals;
    }

    /// <summary>Drops the top entry (wasm <c>drop</c>).</summary>
    private void DiscardTop()
    {
        StackEntry top = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        if (top.Spill is null) il.Emit(OpCodes.Pop);
        else ReturnTemp(top.Spill);
    }

    /// <summary>Pops every IL-resident entry off the IL stack (before an unconditional branch).</summary>
    private void DiscardIlResident()
    {
        while (stack.Count > 0 && stack[^1].Spill is null)
        {
            il.Emit(OpCodes.Pop);
            stack.RemoveAt(stack.Count - 1);
        }
    }

    /// <summary>Forgets entries above <paramref name="height"/> after control left this code (nothing emitted).</summary>
    private void TruncateModel(int height)
    {
        for (int i = stack.Count - 1; i >= height; i--)
        {
            if (stack[i].Spill is LocalBuilder spill) ReturnTemp(spill);
        }
        stack.RemoveRange(height, stack.Count - height);
    }

    private void LoadLocals(LocalBuilder[] locals, ValueKind[] types)
    {
        for (int i = 0; i < locals.Length; i++)
        {
            il.Emit(OpCodes.Ldloc, locals[i]);
            Push(types[i]);
        }
    }

    /// <summary>Stores the top entries into <paramref name="targets"/> (deepest first) and removes them.</summary>
    private void StoreTopInto(LocalBuilder[] targets)
    {
        Materialize(targets.Length);
        for (int i = targets.Length - 1; i >= 0; i--) il.Emit(OpCodes.Stloc, targets[i]);
        Pop(targets.Length);
    }
}
