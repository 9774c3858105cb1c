using System.Runtime.CompilerServices;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Creates the trap exceptions compiled code throws. Callers write <c>throw Traps.X()</c>, so the
/// JIT sees a throwing block it can move out of line; the factories themselves are never inlined.
/// </summary>
internal static class Traps
{
    [MethodImpl(MethodImplOptions.NoInlining)] public static WasmTrap Unreachable() => new(TrapCode.Unreachable);
    [MethodImpl(MethodImplOptions.NoInlining)] public static WasmTrap MemoryOutOfBounds() => new(TrapCode.MemoryOutOfBounds);
    [MethodImpl(MethodImplOptions.NoInlining)] public static WasmTrap TableOutOfBounds() => new(TrapCode.TableOutOfBounds);
    [MethodImpl(MethodImplOptions.NoInlining)] public static WasmTrap UndefinedElement() => new(TrapCode.TableOutOfBounds, "undefined element");
    [MethodImpl(MethodImplOptions.NoInlining)] public static WasmTrap UninitializedElement() => new(TrapCode.NullReference, "uninitialized element");
    [MethodImpl(MethodImplOptions.NoInlining)] public static WasmTrap IndirectCallTypeMismatch() => new(TrapCode.IndirectCallTypeMismatch);
    [MethodImpl(MethodImplOptions.NoInlining)] public static WasmTrap IntegerOverflow() => new(TrapCode.IntegerOverflow);
    [MethodImpl(MethodImplOptions.NoInlining)] public static WasmTrap IntegerDivideByZero() => new(TrapCode.IntegerDivideByZero);
    [MethodImpl(MethodImplOptions.NoInlining)] public static WasmTrap InvalidConversion() => new(TrapCode.InvalidConversion);
    [MethodImpl(MethodImplOptions.NoInlining)] public static WasmTrap CallStackExhausted() => new(TrapCode.CallStackExhausted);
    [MethodImpl(MethodImplOptions.NoInlining)] public static WasmTrap OutOfFuel() => new(TrapCode.OutOfFuel);
}
