using System.Runtime.CompilerServices;

namespace Plover.Sandbox.Execution;

/// <summary>
/// Fuel metering, compiled in only for instances that enable it: one unit per function entry and
/// per loop iteration. Running out traps and leaves the fuel at zero.
/// </summary>
internal static class FuelMeter
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Consume(InstanceContext context)
    {
        long remaining = context.Fuel - 1;
        if (remaining < 0) throw Traps.OutOfFuel();
        context.Fuel = remaining;
    }
}
