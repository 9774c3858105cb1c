using System.Runtime.CompilerServices;

namespace Plover.Sandbox.Execution;

/// <summary>
/// The table instructions and <c>call_indirect</c>'s lookup as compiled code calls them: operands
/// in wasm stack order, immediates next, the instance context last.
/// </summary>
internal static class TableInstructions
{
    /// <summary>
    /// The function <c>call_indirect</c> calls: traps on an index outside the table, a null
    /// element, or a function whose type is not <paramref name="typeId"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Function ResolveIndirect(int index, int tableIndex, int typeId, InstanceContext context)
    {
        object?[] elements = context.Tables[tableIndex].Elements;
        if ((uint)index >= (uint)elements.Length) throw Traps.UndefinedElement();
        object? element = elements[index];
        if (element is null) throw Traps.UninitializedElement();
        Function function = Unsafe.As<Function>(element);
        if (function.TypeId != typeId) throw Traps.IndirectCallTypeMismatch();
        return function;
    }

    public static object? Get(int index, int tableIndex, InstanceContext context)
    {
        object?[] elements = context.Tables[tableIndex].Elements;
        if ((uint)index >= (uint)elements.Length) throw Traps.TableOutOfBounds();
        return elements[index];
    }

    public static void Set(int index, object? value, int tableIndex, InstanceContext context)
    {
        object?[] elements = context.Tables[tableIndex].Elements;
        if ((uint)index >= (uint)elements.Length) throw Traps.TableOutOfBounds();
        elements[index] = value;
    }

    public static int Size(int tableIndex, InstanceContext context) => context.Tables[tableIndex].Elements.Length;

    public static int Grow(object? initial, int delta, int tableIndex, InstanceContext context) =>
        context.Tables[tableIndex].Grow((uint)delta, initial);

    public static void Fill(int start, object? value, int count, int tableIndex, InstanceContext context)
    {
        object?[] elements = context.Tables[tableIndex].Elements;
        if ((ulong)(uint)start + (uint)count > (ulong)elements.Length) throw Traps.TableOutOfBounds();
        Array.Fill(elements, value, start, count);
    }

    public static void Copy(int destination, int source, int count, int destinationTable, int sourceTable, InstanceContext context)
    {
        object?[] to = context.Tables[destinationTable].Elements;
        object?[] from = context.Tables[sourceTable].Elements;
        if ((ulong)(uint)destination + (uint)count > (ulong)to.Length || (ulong)(uint)source + (uint)count > (ulong)from.Length)
            throw Traps.TableOutOfBounds();
        Array.Copy(from, source, to, destination, count);
    }

    public static void Init(int destination, int source, int count, int segmentIndex, int tableIndex, InstanceContext context)
    {
        object?[] segment = context.ElementSegments[segmentIndex];
        object?[] elements = context.Tables[tableIndex].Elements;
        if ((ulong)(uint)source + (uint)count > (ulong)segment.Length || (ulong)(uint)destination + (uint)count > (ulong)elements.Length)
            throw Traps.TableOutOfBounds();
        Array.Copy(segment, source, elements, destination, count);
    }

    public static void ElemDrop(int segmentIndex, InstanceContext context) => context.ElementSegments[segmentIndex] = [];
}
