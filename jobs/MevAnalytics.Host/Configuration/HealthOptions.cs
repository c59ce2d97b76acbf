using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Host.Configuration;

/// <summary>When <c>/healthz</c> calls a LUT stale and how often its status is read (section <c>Health</c>).</summary>
public sealed class HealthOptions : ISectionOptions
{
    public const string SectionName = "Health";

    static string ISectionOptions.Section => SectionName;

    /// <summary>A current LUT older than this many intervals of its producing job's schedule is stale (503). Default 3
    /// (a gated run keeps the old table, so one missed publish is normal).</summary>
    public double StaleAfterIntervals { get; set; } = 3;

    /// <summary>How often the host reads the status that <c>/healthz</c> and <c>/metrics</c> answer from (it also
    /// reads it when a job run ends). Default 5 s; between 100 ms and 5 minutes.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws with the name of the first invalid setting.</summary>
    public void Validate()
    {
        if (!double.IsFinite(StaleAfterIntervals) || StaleAfterIntervals < 1)
            throw new ArgumentException($"{SectionName}:StaleAfterIntervals {StaleAfterIntervals} must be at least 1.");
        if (RefreshInterval < TimeSpan.FromMilliseconds(100) || RefreshInterval > TimeSpan.FromMinutes(5))
            throw new ArgumentException(
                $"{SectionName}:RefreshInterval {RefreshInterval} must be between 00:00:00.1 and 00:05:00.");
    }
}
