namespace MevAnalytics.Jobs.Running;

/// <summary>Every job there is, by name: the one list the CLI, the Hangfire host and the demo read.</summary>
public static class JobCatalog
{
    public static IReadOnlyList<IAnalyticsJob> All { get; } =
    [
        // Fitting jobs first (the demo runs them in this order), then the report that reads their runs.
        new Calibration.CalibrationJob(),
        new Bandit.BanditJob(),
        new Latency.LatencyJob(),
        new Phase.PhaseJob(),
        new Reports.TrendReportJob(),
        new Reports.RetentionJob(),
    ];

    /// <summary>The job called <paramref name="name"/>, or an error listing the names there are.</summary>
    public static IAnalyticsJob Get(string name) =>
        All.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown job '{name}'; jobs: {string.Join(", ", All.Select(j => j.Name))}");
}
