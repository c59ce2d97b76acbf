using MevAnalytics.Host.Configuration;
using MevAnalytics.Host.Scheduling;
using MevAnalytics.Jobs.Reports;
using MevAnalytics.Jobs.Reports.Views;

namespace MevAnalytics.Host.Health;

/// <summary>What the artifacts folder holds, read once per status refresh and shared by <c>/healthz</c>,
/// <c>/metrics</c> and <c>/reports</c>: each table's pointer and freshness, and its published manifest and summary.
/// </summary>
public sealed record ArtifactSnapshot(IReadOnlyList<LutStatus> Luts, IReadOnlyList<PublishedTable> Tables)
{
    /// <summary>Reads the folder under <paramref name="root"/> as of <paramref name="now"/>.</summary>
    public static ArtifactSnapshot Read(string root, JobSchedule schedule, HealthOptions health, DateTime now) =>
        new(LutInventory.Read(root, schedule, health.StaleAfterIntervals, now), ReportReader.Tables(root));
}
