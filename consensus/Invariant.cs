using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Plover.Consensus;

/// <summary>
/// Checks that stay on in Release builds. A failed check means Plover itself is wrong (a safety
/// property no longer holds), so it throws <see cref="InvariantViolationException"/> instead of
/// carrying on with state that can no longer be trusted.
/// </summary>
public static class Invariant
{
    /// <summary>
    /// Throws when <paramref name="condition"/> is false. Without a message the failed expression
    /// names itself; hot paths pass a constant message so that nothing is formatted on success.
    /// </summary>
    public static void Check(
        [DoesNotReturnIf(false)] bool condition,
        [CallerArgumentExpression(nameof(condition))] string? message = null)
    {
        if (!condition) throw new InvariantViolationException($"invariant failed: {message}");
    }

    /// <summary>The exception to throw for a violation detected by an explicit test with a detailed message.</summary>
    public static InvariantViolationException Violated(string message) => new($"invariant failed: {message}");
}

/// <summary>A broken internal invariant: a bug in Plover, never a recoverable condition.</summary>
public sealed class InvariantViolationException(string message) : Exception(message);
