namespace Plover.Sandbox.Guest.Preparation;

/// <summary>What <see cref="GuestPreparer"/> did: sizes before and after, and the imports that can now block without holding a thread.</summary>
public sealed record GuestPreparationReport(long InputBytes, long OutputBytes, int ImportCount, IReadOnlyList<string> BlockingImportsUsed)
{
    /// <summary>Growth from Asyncify's instrumentation, in percent of the input.</summary>
    public double GrowthPercent => InputBytes == 0 ? 0 : 100.0 * (OutputBytes - InputBytes) / InputBytes;
}
