using MevAnalytics.Host.Health;
using MevAnalytics.Jobs.Reports;
using MevAnalytics.Jobs.Reports.Views;

namespace MevAnalytics.Host.Metrics;

/// <summary>What <c>/metrics</c> reports at one scrape, read by the host, rendered by
/// <see cref="MetricsDocument"/>.</summary>
/// <param name="Runs">Totals of <c>job_runs</c> per job and status, or null when ClickHouse did not answer.</param>
/// <param name="Luts">Current tables and their ages against the schedule.</param>
/// <param name="ScheduledJobs">Jobs with a recurring schedule on this host.</param>
/// <param name="RecentRoutes">Per-route sends and lands over the recent window, or null when ClickHouse did not
/// answer.</param>
/// <param name="Latency">The current latency table's per-route quantiles and SLO state, if published.</param>
/// <param name="CalibrationMetrics">Headline metrics of the current calibration table, if published.</param>
public sealed record OperatorState(
    IReadOnlyList<JobRunStats>? Runs,
    IReadOnlyList<LutStatus> Luts,
    IEnumerable<string> ScheduledJobs,
    IReadOnlyList<RouteTotals>? RecentRoutes = null,
    LatencyView? Latency = null,
    IReadOnlyDictionary<string, double>? CalibrationMetrics = null);
