namespace Plover.Bench.Load;

/// <summary>
/// What every connection sends: a SET/GET mix (a fraction <see cref="ReadRatio"/> of GETs) over
/// <see cref="Keys"/> keys named like redis-benchmark's (<c>key:</c> and 12 digits), values of
/// exactly <see cref="ValueBytes"/> bytes, keys drawn from a PRNG seeded with <see cref="Seed"/>.
/// </summary>
public sealed record Workload
{
    /// <summary>Twelve decimal digits per key, as redis-benchmark's -r writes them.</summary>
    public const long KeysMax = 1_000_000_000_000;
    public const int ValueBytesMax = 1 << 20;

    public WorkloadGuest Guest { get; init; } = WorkloadGuest.Kv;
    public double ReadRatio { get; init; } = 0.5;
    public long Keys { get; init; } = 10_000;
    public int ValueBytes { get; init; } = 100;
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (!(ReadRatio >= 0 && ReadRatio <= 1))
            throw new ArgumentOutOfRangeException(nameof(ReadRatio), ReadRatio, "the read ratio is a fraction in [0, 1]");
        if (Keys < 1 || Keys > KeysMax)
            throw new ArgumentOutOfRangeException(nameof(Keys), Keys, $"the key space holds 1 to {KeysMax} keys");
        if (ValueBytes < 1 || ValueBytes > ValueBytesMax)
            throw new ArgumentOutOfRangeException(nameof(ValueBytes), ValueBytes, $"a value has 1 to {ValueBytesMax} bytes");
    }

    public string Describe() =>
        $"{Guest.ToString().ToLowerInvariant()}: {ReadRatio:0.##} reads, {Keys} keys, {ValueBytes}-byte values, seed {Seed}";
}
