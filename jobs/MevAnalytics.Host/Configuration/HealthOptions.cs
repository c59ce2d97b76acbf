using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Host.Configuration;

/// <summary>When <c>/healthz</c> calls a LUT stale (section <c>Health</c>).</summary>
public sealed class HealthOptions : ISectionOptions
{
    public const string SectionName = "Health";

    static string ISectionOptions.Section => SectionName;

    /// <summary>A current LUT older than this many intervals of its producing job's schedule is stale (503). Default 3
    /// (a gated run keeps the old table, so one missed publish is normal).</summary>
    public double StaleAfterIntervals { get; set; } = 3;

    /// <summary>Throws with the name of the first invalid setting.</summary>
    public void Validate()
    {
        if (!double.IsFinite(StaleAfterIntervals) || StaleAfterIntervals < 1)
            throw new ArgumentException($"{SectionName}:StaleAfterIntervals {StaleAfterIntervals} must be at least 1.");
    }
}
