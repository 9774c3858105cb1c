namespace Plover.Sandbox;

/// <summary>
/// A table of references: <see cref="Function"/> objects (funcref) or host objects (externref); null
/// is the null reference. A function element knows its instance and index, so a captured table
/// can be restored into another instance of the same module.
/// </summary>
public sealed class Table
{
    /// <summary>Default cap on table size, so a module cannot make the host allocate without bound.</summary>
    public const uint ElementsLimitDefault = 10_000_000;

    // Read by compiled code; replaced (never resized in place) when the table grows.
    internal object?[] Elements;

    public Table(TableType type, uint limitElements = ElementsLimitDefault, object? initial = null)
    {
        Type = type;
        LimitElements = Math.Min(Math.Min(limitElements, type.Limits.Maximum ?? uint.MaxValue), (uint)Array.MaxLength);
        if (type.Limits.Minimum > LimitElements)
            throw new WasmLimitException($"table needs {type.Limits.Minimum} elements at start but this instance allows {LimitElements}");
        CheckElementType(initial);
        Elements = new object?[type.Limits.Minimum];
        if (initial is not null) Array.Fill(Elements, initial);
    }

    public TableType Type { get; }

    /// <summary>The most elements this table may hold: its declared maximum, the instance's limit or the largest .NET array, whichever is smallest.</summary>
    public uint LimitElements { get; }

    /// <summary>Set when a grow was refused because of the instance's limit (not the declared maximum).</summary>
    public bool LimitHit { get; private set; }

    public int Size => Elements.Length;

    /// <summary>The element at <paramref name="index"/>: null, a <see cref="Function"/>, or an extern object.</summary>
    public object? this[int index]
    {
        get => (uint)index < (uint)Elements.Length ? Elements[index] : throw new WasmTrap(TrapCode.TableOutOfBounds, $"element {index} of a table of {Elements.Length}");
        set
        {
            if ((uint)index >= (uint)Elements.Length) throw new WasmTrap(TrapCode.TableOutOfBounds, $"element {index} of a table of {Elements.Length}");
            CheckElementType(value);
            Elements[index] = value;
        }
    }

    /// <summary>Grows by <paramref name="delta"/> elements set to <paramref name="initial"/>; returns the old size or -1.</summary>
    public int Grow(uint delta, object? initial)
    {
        CheckElementType(initial);
        int oldSize = Elements.Length;
        ulong newSize = (ulong)oldSize + delta;
        if (newSize > LimitElements)
        {
            if (newSize <= (Type.Limits.Maximum ?? uint.MaxValue)) LimitHit = true;
            return -1;
        }
        var grown = new object?[newSize];
        Array.Copy(Elements, grown, oldSize);
        if (initial is not null) Array.Fill(grown, initial, oldSize, (int)delta);
        Elements = grown;
        return oldSize;
    }

    private void CheckElementType(object? value)
    {
        if (value is not null && Type.ElementType == ValueKind.FuncRef && value is not Function)
            throw new ArgumentException($"a funcref table holds Function objects, not {value.GetType().Name}");
    }
}
