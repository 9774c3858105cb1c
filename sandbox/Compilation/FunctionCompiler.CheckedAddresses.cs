using System.Reflection.Emit;

namespace Plover.Sandbox.Compilation;

/// <summary>
/// Redundant bounds-check elimination within straight-line code. An operand read from a wasm local
/// remembers which local and which write of it (<see cref="LocalValue"/>) it holds; an access whose
/// address is such an operand records how many bytes past that value it proved in bounds. A later
/// access through the same local value whose offset plus width does not reach further is in bounds
/// too (memory never shrinks, and the address is the same unsigned number), so it gets no check.
/// Everything known is forgotten at every branch target (code there is reached on other paths,
/// where locals may hold other values) and after calls and memory.grow, and a local's version
/// changes with every local.set and local.tee, so a fact only ever applies to the very value checked.
/// </summary>
internal sealed partial class FunctionCompiler
{
    /// <summary>A wasm local as written by one particular local.set/tee (or its entry value).</summary>
    private readonly record struct LocalValue(int Local, int Version);

    /// <summary>Addresses <c>Value + [0, EndBytes)</c> are known to lie inside memory.</summary>
    private readonly record struct CheckedRange(LocalValue Value, long EndBytes);

    /// <summary>
    /// Facts kept at most: straight-line code rarely touches more distinct bases, and a short list
    /// keeps the lookup a small linear scan.
    /// </summary>
    private const int CheckedRangesMax = 16;

    private int[]? localVersions;
    private int nextLocalVersion = 1;
    private readonly List<CheckedRange> checkedRanges = [];

    private LocalValue CurrentValueOf(int local)
    {
        localVersions ??= new int[localTypes.Length];
        return new LocalValue(local, localVersions[local]);
    }

    /// <summary>A local.set or local.tee: every fact and operand about the old value no longer describes the local.</summary>
    private void NoteLocalWritten(int local)
    {
        localVersions ??= new int[localTypes.Length];
        localVersions[local] = nextLocalVersion++;
    }

    /// <summary>
    /// True when the access of <paramref name="endBytes"/> (offset plus width) through
    /// <paramref name="address"/> is already proved in bounds; otherwise records that the check
    /// about to be emitted proves it, and returns false.
    /// </summary>
    private bool AccessAlreadyChecked(LocalValue? address, long endBytes)
    {
        if (address is not LocalValue value) return false;
        for (int i = 0; i < checkedRanges.Count; i++)
        {
            CheckedRange range = checkedRanges[i];
            if (range.Value != value) continue;
            if (endBytes <= range.EndBytes) return true;
            checkedRanges[i] = range with { EndBytes = endBytes };
            return false;
        }
        if (checkedRanges.Count == CheckedRangesMax) checkedRanges.RemoveAt(0);
        checkedRanges.Add(new CheckedRange(value, endBytes));
        return false;
    }

    /// <summary>Memory length reloaded (a call or memory.grow): start over, to keep the reasoning local.</summary>
    private void ForgetCheckedAddresses() => checkedRanges.Clear();

    /// <summary>
    /// Marks a wasm branch target: control arrives here from elsewhere, so forget the checked ranges
    /// and which local each operand came from (a loop's back edge brings locals written later in
    /// the body, which the linear version numbers cannot tell apart).
    /// </summary>
    private void MarkBranchTarget(Label label)
    {
        il.MarkLabel(label);
        checkedRanges.Clear();
        for (int i = 0; i < stack.Count; i++) stack[i] = stack[i] with { Source = null };
    }

    /// <summary>Loads the limit the access helper compares with: the real one, or one no address exceeds when already checked.</summary>
    private void EmitAccessLimit(int accessBytes, long offset, LocalValue? address)
    {
        if (AccessAlreadyChecked(address, offset + accessBytes)) il.Emit(OpCodes.Ldc_I8, Execution.MemoryAccess.AlreadyCheckedLimit);
        else il.Emit(OpCodes.Ldloc, accessLimits[System.Numerics.BitOperations.Log2((uint)accessBytes)]!);
    }
}
