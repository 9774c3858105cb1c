using Plover.Engine.Config;

namespace Plover.Engine.Guest;

/// <summary>How a replica's guests are configured: the same on every host of a cluster, since the settings shape the state.</summary>
public sealed record SandboxGuestSettings
{
    /// <summary>The guest's call-stack budget: fits the executor's thread (about 0.7 bytes of stack per byte of budget, plus the host's frames).</summary>
    public const int CallStackBytes = 32 << 20;

    /// <summary>argv, program name first.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = ["guest"];

    public NondeterminismMode Nondeterminism { get; init; } = NondeterminismMode.Deterministic;

    /// <summary>Deterministic mode: the seed the guest's randomness starts from before the first log batch (the same on every host).</summary>
    public ulong InitialSeed { get; init; }

    public GuestLimits Limits { get; init; } = new();

    /// <summary>Where the guest's stdout and stderr go (null discards).</summary>
    public Stream? Stdout { get; init; }

    public Stream? Stderr { get; init; }
}
