namespace Plover.Linearizability;

/// <summary>
/// One operation of a history: which client issued it, when it was called and when its reply
/// came back (any clock, virtual or real, as long as one clock serves the whole history), what
/// it asked and what it got. An operation whose reply never came is <em>indeterminate</em>
/// (<see cref="Return"/> and <see cref="Result"/> are null): it may or may not have taken effect,
/// at any time after its call, and any output is accepted for it.
/// </summary>
public sealed record KvOperation(int ClientId, long Call, long? Return, KvCommand Command, KvResult? Result)
{
    public bool IsIndeterminate => Return is null;

    public static KvOperation Completed(int clientId, long call, long @return, KvCommand command, KvResult result) =>
        new(clientId, call, @return, command, result);

    public static KvOperation Indeterminate(int clientId, long call, KvCommand command) =>
        new(clientId, call, null, command, null);

    public override string ToString() =>
        $"client {ClientId} [{Call}, {(Return is { } r ? r.ToString() : "∞")}] {Command} -> {(Result is null ? "?" : Result.ToString())}";
}
