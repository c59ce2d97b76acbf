using System.Globalization;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>Durations as people type them on the command line: <c>7d</c>, <c>24h</c>, <c>90m</c>, <c>30s</c>, or a
/// TimeSpan (<c>1.12:00:00</c>).</summary>
public static class DurationText
{
    /// <summary>Parses <paramref name="text"/>; the error names <paramref name="option"/>.</summary>
    public static TimeSpan Parse(string text, string option)
    {
        var s = text.Trim();
        if (s.Length >= 2 && double.TryParse(s[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            && v > 0 && double.IsFinite(v))
        {
            switch (char.ToLowerInvariant(s[^1]))
            {
                case 'd': return TimeSpan.FromDays(v);
                case 'h': return TimeSpan.FromHours(v);
                case 'm': return TimeSpan.FromMinutes(v);
                case 's': return TimeSpan.FromSeconds(v);
            }
        }
        if (TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero) return t;
        throw new ArgumentException($"{option} '{text}' is not a positive duration (e.g. 7d, 24h, 90m, 30s).", option);
    }
}
