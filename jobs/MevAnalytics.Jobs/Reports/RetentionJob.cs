using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Publishing;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Reports;

/// <summary>
/// Daily artifact retention: deletes reports older than <c>Reports:KeepFor</c> or beyond the newest
/// <c>Reports:KeepReports</c>, and refused-table files (summaries with their snapshots, removed together) older than
/// <c>Reports:KeepFor</c> or beyond the newest <c>Artifacts:Keep</c> per table. Published LUT versions, with all their
/// files, are pruned by the publisher itself (<c>Artifacts:Keep</c>). Raw and rollup rows in ClickHouse expire by TTL
/// (section <c>Ttl</c>).
/// </summary>
public sealed class RetentionJob : IAnalyticsJob
{
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
            var newestFirst = Directory.GetDirectories(reports).OrderDescending(StringComparer.Ordinal).ToList();
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
}
