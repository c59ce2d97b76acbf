using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Reports;

/// <summary>
/// Daily artifact retention: deletes reports and refused-table summaries older than <c>Reports:KeepFor</c>, and reports
/// beyond the newest <c>Reports:KeepReports</c>.
/// Published LUT versions are pruned by the publisher itself (<c>Artifacts:Keep</c>), never here.
/// </summary>
public sealed class RetentionJob : IAnalyticsJob
{
    public string Name => "retention";

    public string Description => "Delete old reports and gated summaries (published LUTs are pruned on publish).";

    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken ct)
    {
        var options = MevConfiguration.Bind<ReportOptions>(context.Configuration, ReportOptions.SectionName, o => o.Validate());
        var cutoff = context.UtcNow - options.KeepFor;
        var removed = new List<string>();
        var reports = TrendReportJob.ReportsRoot(context.Artifacts.Root);
        if (Directory.Exists(reports))
        {
            // Folder names sort by time: beyond the newest KeepReports, or older than KeepFor, a report goes.
            var newestFirst = Directory.GetDirectories(reports).Order(StringComparer.Ordinal).Reverse().ToArray();
            for (int i = 0; i < newestFirst.Length; i++)
                if (i >= options.KeepReports || Directory.GetLastWriteTimeUtc(newestFirst[i]) < cutoff)
                {
                    Directory.Delete(newestFirst[i], recursive: true);
                    removed.Add(newestFirst[i]);
                }
        }
        var summaries = Path.Combine(context.Artifacts.Root, "summaries");
        if (Directory.Exists(summaries))
            foreach (var file in Directory.GetFiles(summaries, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (File.GetLastWriteTimeUtc(file) < cutoff)
                {
                    File.Delete(file);
                    removed.Add(file);
                }
        return Task.FromResult(new JobOutcome(JobStatus.Completed, $"removed {removed.Count} artifacts (older than {options.KeepFor.TotalDays:0.#} days or beyond {options.KeepReports} reports)",
            0, null, new Dictionary<string, double> { ["removed"] = removed.Count }, removed));
    }
}
