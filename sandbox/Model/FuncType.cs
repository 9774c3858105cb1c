using System.Collections.Concurrent;

namespace Plover.Sandbox;

/// <summary>
/// A function signature. Structurally equal signatures share one <see cref="CanonicalId"/> in the
/// process, which is what <c>call_indirect</c> compares across modules.
/// </summary>
public sealed class FuncType : IEquatable<FuncType>
{
    private static readonly ConcurrentDictionary<string, int> CanonicalIds = new();
    private static int nextCanonicalId;

    public FuncType(ValueKind[] parameters, ValueKind[] results)
    {
        Parameters = parameters;
        Results = results;
        CanonicalId = CanonicalIds.GetOrAdd(Key(parameters, results), _ => Interlocked.Increment(ref nextCanonicalId));
    }

    public ValueKind[] Parameters { get; }
    public ValueKind[] Results { get; }

    /// <summary>The same number for every structurally equal signature in this process.</summary>
    public int CanonicalId { get; }

    public bool Equals(FuncType? other) => other is not null && other.CanonicalId == CanonicalId;
    public override bool Equals(object? obj) => obj is FuncType other && Equals(other);
    public override int GetHashCode() => CanonicalId;

    public override string ToString() =>
        $"[{string.Join(" ", Parameters.Select(p => p.Name()))}] -> [{string.Join(" ", Results.Select(r => r.Name()))}]";

    private static string Key(ValueKind[] parameters, ValueKind[] results) =>
        Convert.ToHexString(parameters.Select(p => (byte)p).ToArray()) + ":" + Convert.ToHexString(results.Select(r => (byte)r).ToArray());
}
