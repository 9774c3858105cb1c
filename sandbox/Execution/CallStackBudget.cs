using System.Runtime.CompilerServices;

namespace Plover.Sandbox.Execution;

/// <summary>
/// The deterministic call-depth limit. Every compiled function receives the remaining budget (in
/// estimated stack bytes) as a parameter, charges its own frame estimate on entry and passes the
/// rest to its callees; nothing is written to memory, and a trap needs no unwinding bookkeeping.
/// A host function that calls back into the guest continues from the budget left at its call.
/// </summary>
internal static class CallStackBudget
{
    /// <summary>Charged for the host's own frames when a host function re-enters the guest.</summary>
    public const int HostReentryBytes = 16 * 1024;

    [ThreadStatic] private static int budgetAtHostCall;
    [ThreadStatic] private static int hostCallNesting;

    /// <summary>Charges a frame on function entry; traps when the budget is used up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Enter(int budget, int frameBytes)
    {
        int remaining = budget - frameBytes;
        if (remaining < 0) throw Traps.CallStackExhausted();
        return remaining;
    }

    /// <summary>The budget for a call from the host into <paramref name="context"/>'s code.</summary>
    public static int ForHostEntry(InstanceContext context) =>
        hostCallNesting > 0 ? Math.Min(budgetAtHostCall - HostReentryBytes, context.CallStackBytes) : context.CallStackBytes;

    /// <summary>Records the budget left when guest code calls a host function; returns what to restore.</summary>
    public static (int Budget, int Nesting) EnterHost(int budget)
    {
        var saved = (budgetAtHostCall, hostCallNesting);
        budgetAtHostCall = budget;
        hostCallNesting++;
        return saved;
    }

    public static void ExitHost((int Budget, int Nesting) saved) => (budgetAtHostCall, hostCallNesting) = saved;
}
