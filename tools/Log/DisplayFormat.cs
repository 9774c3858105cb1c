using System.Globalization;

namespace Plover.Cli.Log;

/// <summary>How the inspector writes sizes and leader timestamps for people (JSON output keeps the raw numbers).</summary>
public static class DisplayFormat
{
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };

    /// <summary>A leader timestamp (nanoseconds since the Unix epoch) as ISO 8601 UTC with microseconds.</summary>
    public static string Timestamp(long unixNs)
    {
        const long TicksPerNs100 = 100;
        DateTimeOffset time = DateTimeOffset.UnixEpoch.AddTicks(unixNs / TicksPerNs100);
        return time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }
}
