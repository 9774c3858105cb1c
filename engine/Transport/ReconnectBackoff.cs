namespace Plover.Engine.Transport;

/// <summary>
/// Delays between dial attempts: doubling from a minimum to a maximum, each drawn between half and
/// all of its ceiling (then kept within the bounds) so that nodes restarted together do not dial in
/// lockstep. Randomness comes from the seeded generator passed in.
/// </summary>
internal sealed class ReconnectBackoff
{
    private const int DoublingsMax = 30;
    private readonly TimeSpan minimum;
    private readonly TimeSpan maximum;
    private readonly Random random;
    private int attempt;

    public ReconnectBackoff(TimeSpan minimum, TimeSpan maximum, Random random)
    {
        if (minimum <= TimeSpan.Zero || maximum < minimum)
            throw new ArgumentOutOfRangeException(nameof(minimum), $"backoff bounds must satisfy 0 < {minimum} <= {maximum}");
        this.minimum = minimum;
        this.maximum = maximum;
        this.random = random;
    }

    public TimeSpan Next()
    {
        double ceiling = Math.Min(maximum.Ticks, minimum.Ticks * Math.Pow(2, attempt));
        attempt = Math.Min(attempt + 1, DoublingsMax);
        double jittered = ceiling * (0.5 + 0.5 * random.NextDouble());
        return TimeSpan.FromTicks((long)Math.Clamp(jittered, minimum.Ticks, maximum.Ticks));
    }

    /// <summary>After a connection succeeded: the next failure starts again from the minimum.</summary>
    public void Reset() => attempt = 0;
}
