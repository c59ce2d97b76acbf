namespace MevAnalytics.Jobs.Reports;

/// <summary>Trend report and artifact retention settings (section <c>Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Reports";

    /// <summary>History the report covers, ending now. Default 7 days.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Reports and gated summaries older than this are deleted by the retention job. Default 30 days.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Newest reports kept by the retention job whatever their age. Default 60.</summary>
    public int KeepCount { get; set; } = 60;

    public void Validate()
    {
        if (Window <= TimeSpan.Zero || Window > TimeSpan.FromDays(366)) throw new ArgumentException($"{SectionName}:Window {Window} must be in (0, 366 days].");
        if (KeepCount is < 1 or > 100_000) throw new ArgumentException($"{SectionName}:KeepCount {KeepCount} is outside 1..100000.");
        if (KeepFor < TimeSpan.FromHours(1)) throw new ArgumentException($"{SectionName}:KeepFor {KeepFor} must be at least 1 hour.");
    }
}
