using MevAnalytics.Jobs.Reports.Views;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Reports;

/// <summary>Everything a report is built from, read once by <see cref="ReportReader"/>;
/// <see cref="TrendReport.Compose"/> is pure over it.</summary>
/// <param name="Window">The report window.</param>
/// <param name="Previous">The window of the same length before it.</param>
/// <param name="Now">The run's clock.</param>
/// <param name="Routes">Per-route totals in the window.</param>
/// <param name="PreviousRoutes">Per-route totals in the previous window.</param>
/// <param name="Latency">Per-route p50/p99 over the window.</param>
/// <param name="PreviousLatency">Per-route p50/p99 over the previous window.</param>
/// <param name="LatencyHourly">Per-route p50/p99 per hour of the window.</param>
/// <param name="Runs">Job runs since the previous window started, newest first.</param>
/// <param name="Tables">Current version of every published table.</param>
/// <param name="Calibration">Current calibration, if published.</param>
/// <param name="Bandit">Current bandit table, if published.</param>
/// <param name="LatencyTable">Current latency table, if published.</param>
/// <param name="Phase">Current phase table, if published.</param>
/// <param name="PhaseBins">Binned landing rate by send offset, all leaders ("*") and the busiest ones.</param>
/// <param name="Options">Report options (thresholds).</param>
/// <param name="PreviousSpan">First and last 5-minute bucket with sends in the previous window, if any.</param>
public sealed record ReportInputs(
    QueryWindow Window,
    QueryWindow Previous,
    DateTime Now,
    IReadOnlyList<RouteTotals> Routes,
    IReadOnlyList<RouteTotals> PreviousRoutes,
    IReadOnlyList<RouteLatency> Latency,
    IReadOnlyList<RouteLatency> PreviousLatency,
    IReadOnlyList<RouteLatency> LatencyHourly,
    IReadOnlyList<JobRunRow> Runs,
    IReadOnlyList<PublishedTable> Tables,
    CalibrationView? Calibration,
    BanditView? Bandit,
    LatencyView? LatencyTable,
    PhaseView? Phase,
    IReadOnlyList<PhaseBinRow> PhaseBins,
    ReportOptions Options,
    (DateTime First, DateTime Last)? PreviousSpan = null)
{
    /// <summary>Share of the previous window's span its sends cover (0 when it has none).</summary>
    public double PreviousCoverage => PreviousSpan is var (first, last)
        ? Math.Min(1, (last.AddMinutes(5) - first) / (Previous.To - Previous.From)) : 0;

    /// <summary>True when the previous window's data covers enough of it to compare with
    /// (<c>Reports:MinComparableCoverage</c>).</summary>
    public bool Comparable => PreviousCoverage >= Options.MinComparableCoverage;

    /// <summary>Every route name any part of the report mentions (the palette's domain).</summary>
    public IEnumerable<string> RouteNames =>
        Routes.Select(r => r.Route).Concat(PreviousRoutes.Select(r => r.Route))
            .Concat(LatencyHourly.Select(l => l.Route))
            .Concat(Bandit?.Arms.Select(a => a.Route) ?? []).Concat(LatencyTable?.Routes.Select(r => r.Route) ?? []);

    /// <summary>The window of the same length ending where <paramref name="window"/> starts.</summary>
    public static QueryWindow PreviousOf(QueryWindow window) =>
        new(window.From - (window.To - window.From), window.From);

    /// <summary>An input with no data at all (for an empty window).</summary>
    public static ReportInputs Empty(QueryWindow window, DateTime now, ReportOptions options) =>
        new(window, PreviousOf(window), now, [], [], [], [], [], [], [], null, null, null, null, [], options);
}
