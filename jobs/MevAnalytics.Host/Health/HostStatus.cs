namespace MevAnalytics.Host.Health;

/// <summary>What <c>/healthz</c>, <c>/metrics</c> and <c>/reports</c> answer, as the background refresh last read
/// it.</summary>
/// <param name="Health">The health checks and the current tables.</param>
/// <param name="Metrics">The <c>/metrics</c> document, rendered.</param>
/// <param name="ReportsPage">The <c>/reports</c> index page, rendered.</param>
/// <param name="LatestReportUrl">Where <c>/reports/latest</c> redirects, or null before the first report.</param>
/// <param name="RefreshedAtUtc">When the read started.</param>
public sealed record HostStatus(HealthReport Health, string Metrics, string ReportsPage, string? LatestReportUrl,
    DateTime RefreshedAtUtc);
