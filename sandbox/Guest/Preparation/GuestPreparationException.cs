namespace Plover.Sandbox.Guest.Preparation;

/// <summary>A module that cannot be prepared as a guest (foreign imports, already prepared), or wasm-opt failed.</summary>
public sealed class GuestPreparationException(string message, IReadOnlyList<string>? problems = null) : Exception(message)
{
    /// <summary>Each problem on its own line (one per refused import, for example).</summary>
    public IReadOnlyList<string> Problems { get; } = problems ?? [message];
}
