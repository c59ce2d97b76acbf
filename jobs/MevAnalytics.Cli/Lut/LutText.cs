using System.Globalization;

namespace MevAnalytics.Cli.Lut;

/// <summary>How the <c>lut</c> commands print numbers and times.</summary>
public static class LutText
{
    /// <summary>A number in its shortest round-trip form.</summary>
    public static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Unix milliseconds as ISO-8601 UTC.</summary>
    public static string Iso(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime
        .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
