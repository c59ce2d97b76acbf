using MevAnalytics.Integration.Tests.Engine;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Reports;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Integration.Tests.Reports;

[Collection(EngineCollection.Name)]
public sealed class RetentionTests(EngineFixture engine)
{
    [Fact]
    public async Task Retention_keeps_the_newest_reports_within_age_and_count()
    {
        var artifacts = Path.Combine(Path.GetTempPath(), "mev-retention-" + Guid.NewGuid().ToString("N")[..8]);
        var now = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var root = new ArtifactOptions { Root = artifacts }.ReportsRoot;
        var made = new List<string>();
        foreach (var age in new[] { 0.5, 1.5, 2.5, 3.5, 40.0 }) // days
        {
            var dir = Path.Combine(root, ReportWriter.FolderName(now.AddDays(-age)));
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, ReportWriter.HtmlFile), "<html></html>");
            Directory.SetLastWriteTimeUtc(dir, now.AddDays(-age));
            made.Add(dir);
        }
        var configuration = MevConfiguration.Build(new Dictionary<string, string?>
        {
            ["EmbeddedEngine:DataDirectory"] = engine.DataDirectory,
            ["Artifacts:Root"] = artifacts,
            ["Reports:KeepFor"] = "30.00:00:00",
            ["Reports:KeepReports"] = "3",
        }.Concat(Support.NoTtl.Settings));
        await using var session = await JobSession.OpenAsync(configuration);

        var outcome = await JobRunner.RunAsync(new RetentionJob(), session.Context("test", utcNow: now), default);

        Assert.Equal(JobStatus.Completed, outcome.Status);
        // The three newest stay; the fourth goes by count, the 40-day-old one by age (and count).
        Assert.Equal(made.Take(3).Order(), Directory.GetDirectories(root).Order());
        Assert.Equal(2, outcome.Metrics["removed"]);
    }

    [Fact]
    public async Task A_report_that_fails_leaves_no_staging_folder_and_retention_removes_one_a_killed_run_left()
    {
        var artifacts = Path.Combine(Path.GetTempPath(), "mev-staging-" + Guid.NewGuid().ToString("N")[..8]);
        var root = new ArtifactOptions { Root = artifacts }.ReportsRoot;
        var now = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var document = new MevAnalytics.Reports.Documents.ReportDocument("t", now, now.AddDays(-1), now, []);
        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                ReportWriter.WriteAsync(root, document, cancelled.Token));
        }
        Assert.Empty(Directory.GetDirectories(root));

        // Left by a killed run: an old staging folder goes, a fresh one (a report being written) stays.
        var old = Path.Combine(root, ReportWriter.FolderName(now.AddHours(-3)) + ReportWriter.StagingSuffix);
        var fresh = Path.Combine(root, ReportWriter.FolderName(now.AddMinutes(-1)) + ReportWriter.StagingSuffix);
        foreach (var (dir, age) in new[] { (old, TimeSpan.FromHours(3)), (fresh, TimeSpan.FromMinutes(1)) })
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "chart.png"), "partial");
            Directory.SetLastWriteTimeUtc(dir, now - age);
        }
        var configuration = MevConfiguration.Build(new Dictionary<string, string?>
        {
            ["EmbeddedEngine:DataDirectory"] = engine.DataDirectory,
            ["Artifacts:Root"] = artifacts,
        }.Concat(Support.NoTtl.Settings));
        await using var session = await JobSession.OpenAsync(configuration);
        var outcome = await JobRunner.RunAsync(new RetentionJob(), session.Context("test", utcNow: now), default);
        Assert.Equal(JobStatus.Completed, outcome.Status);
        Assert.Equal([fresh], Directory.GetDirectories(root));
        Assert.Equal([old], outcome.Outputs);
    }
}
