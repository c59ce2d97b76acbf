using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Reports;

/// <summary>
/// Daily artifact retention: deletes reports and refused-table summaries older than <c>Reports:KeepFor</c>.
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
        var reports = Path.Combine(context.Artifacts.Root, "reports");
        if (Directory.Exists(reports))
            foreach (var dir in Directory.GetDirectories(reports).Order(StringComparer.Ordinal))
                if (Directory.GetLastWriteTimeUtc(dir) < cutoff)
                {
                    Directory.Delete(dir, recursive: true);
                    removed.Add(dir);
                }
        var summaries = Path.Combine(context.Artifacts.Root, "summaries");
        if (Directory.Exists(summaries))
            foreach (var file in Directory.GetFiles(summaries, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (File.GetLastWriteTimeUtc(file) < cutoff)
                {
                    File.Delete(file);
                    removed.Add(file);
                }
        return Task.FromResult(new JobOutcome(JobStatus.Completed, $"removed {removed.Count} artifacts older than {options.KeepFor.TotalDays:0.#} days",
            0, null, new Dictionary<string, double> { ["removed"] = removed.Count }, removed));
    }
}
