using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Publishing;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Reports;

/// <summary>
/// Daily artifact retention: deletes reports older than <c>Reports:KeepFor</c> or beyond the newest
/// <c>Reports:KeepReports</c>, report staging folders older than an hour (a killed report run's), and refused-table
/// files (summaries with their snapshots, removed together) older than
/// <c>Reports:KeepFor</c> or beyond the newest <c>Artifacts:Keep</c> per table. Published LUT versions, with all their
/// files, are pruned by the publisher itself (<c>Artifacts:Keep</c>). Raw and rollup rows in ClickHouse expire by TTL
/// (section <c>Ttl</c>).
/// </summary>
public sealed class RetentionJob : IAnalyticsJob
{
    /// <summary>Age after which a report's staging folder is taken for one a killed or failed run left.</summary>
    public static readonly TimeSpan StagingAge = TimeSpan.FromHours(1);

    public string Name => "retention";

    public string Description => "Delete old reports and refused-run files (published LUTs are pruned on publish).";

    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var options = context.Settings.Report;
        var cutoff = context.UtcNow - options.KeepFor;
        var removed = new List<string>();
        var reports = context.Artifacts.ReportsRoot;
        if (Directory.Exists(reports))
        {
            var folders = Directory.GetDirectories(reports);
            // A staging folder is a report being written (seconds) or one a killed run left: gone after an hour.
            foreach (var staging in folders.Where(IsStaging).Order(StringComparer.Ordinal))
            {
                if (Directory.GetLastWriteTimeUtc(staging) >= context.UtcNow - StagingAge) continue;
                Directory.Delete(staging, recursive: true);
                removed.Add(staging);
            }
            var newestFirst = folders.Where(f => !IsStaging(f)).OrderDescending(StringComparer.Ordinal).ToList();
            for (var i = 0; i < newestFirst.Count; i++)
            {
                if (i < options.KeepReports && Directory.GetLastWriteTimeUtc(newestFirst[i]) >= cutoff) continue;
                Directory.Delete(newestFirst[i], recursive: true);
                removed.Add(newestFirst[i]);
            }
        }
        var summaries = context.Artifacts.SummariesRoot;
        if (Directory.Exists(summaries))
            foreach (var dir in Directory.GetDirectories(summaries).Order(StringComparer.Ordinal))
                removed.AddRange(GatedRuns.Prune(dir, Path.GetFileName(dir), context.Artifacts.Keep, cutoff));
        return Task.FromResult(new JobOutcome(JobStatus.Completed,
            $"removed {removed.Count} artifacts (older than {options.KeepFor.TotalDays:0.#} days or beyond the kept " +
            "counts)",
            0, null, new Dictionary<string, double> { ["removed"] = removed.Count }, removed));
    }

    private static bool IsStaging(string folder) =>
        folder.EndsWith(ReportWriter.StagingSuffix, StringComparison.Ordinal);
}
