namespace Plover.Sandbox.Wasi.Time;

/// <summary>
/// Where the guest's clocks and randomness come from. Deterministic: from the input event being
/// executed (<see cref="WasiLibraryOs.SetEventContext"/>), so replicas agree (Tardigrade's
/// "hide nondeterminism"). Passthrough: from the host, so replicas diverge and Plover repairs it.
/// </summary>
public abstract record WasiNondeterminism
{
    private WasiNondeterminism() { }

    /// <summary>Deterministic mode, starting from the context of the event that starts the guest.</summary>
    public static WasiNondeterminism Deterministic(long initialTimestampNs, ulong initialSeed) =>
        new DeterministicMode(initialTimestampNs, initialSeed);

    /// <summary>Passthrough mode: host clocks (through <paramref name="timeProvider"/>) and host randomness.</summary>
    public static WasiNondeterminism Passthrough(TimeProvider? timeProvider = null) =>
        new PassthroughMode(timeProvider ?? TimeProvider.System);

    internal abstract NondeterminismSource CreateSource();

    /// <summary>The deterministic mode and the event context the guest starts in.</summary>
    public sealed record DeterministicMode(long InitialTimestampNs, ulong InitialSeed) : WasiNondeterminism
    {
        internal override NondeterminismSource CreateSource() => new DeterministicSource(InitialTimestampNs, InitialSeed);
    }

    /// <summary>The passthrough mode and the host clock it reads.</summary>
    public sealed record PassthroughMode(TimeProvider TimeProvider) : WasiNondeterminism
    {
        internal override NondeterminismSource CreateSource() => new PassthroughSource(TimeProvider);
    }
}
