using MevAnalytics.Reports.Documents;

namespace MevAnalytics.Jobs.Reports.Sections;

/// <summary>Section 6: each job's last runs with status (gated shown as gated, with its reason), duration, rows and LUT
/// version.</summary>
public static class RunsSection
{
    /// <summary>Runs listed per job.</summary>
    public const int PerJob = 5;

    public static ReportSection Build(ReportInputs input)
    {
        var rows = input.Runs.GroupBy(r => r.Job).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.OrderByDescending(r => r.StartedAt).Take(PerJob))
            .Select(r => (IReadOnlyList<string>)
            [
                r.Job, Cells.Time(r.StartedAt), r.Status, $"{r.DurationMs / 1000.0:0.0} s", Cells.Int(r.RowsRead),
                r.LutVersion.Length > 0 ? "v" + r.LutVersion : "-", r.Error,
            ]).ToArray();
        return new ReportSection("runs", "6. Runs",
            "Did every job run, how long did it take, and did it publish, get gated (the current table stays) or fail?",
            [new TableBlock(new ReportTable($"Last {PerJob} runs of each job (newest first)",
                ["job", "started (UTC)", "status", "duration", "rows read", "LUT", "gate reason / error"], rows))],
            "No job ran in this window or the previous one.");
    }
}
