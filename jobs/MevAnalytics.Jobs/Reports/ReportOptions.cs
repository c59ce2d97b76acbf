namespace MevAnalytics.Jobs.Reports;

/// <summary>Trend report and artifact retention settings (section <c>Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Reports";

    /// <summary>History the report covers, ending now. Default 7 days.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Reports and gated summaries older than this are deleted by the retention job. Default 30 days.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(30);

    public void Validate()
    {
        if (Window <= TimeSpan.Zero || Window > TimeSpan.FromDays(366)) throw new ArgumentException($"{SectionName}:Window {Window} must be in (0, 366 days].");
        if (KeepFor < TimeSpan.FromHours(1)) throw new ArgumentException($"{SectionName}:KeepFor {KeepFor} must be at least 1 hour.");
    }
}
