using MevAnalytics.Integration.Tests.Engine;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Reports;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Reports.Charts;

namespace MevAnalytics.Integration.Tests.Reports;

[Collection(EngineCollection.Name)]
public sealed class TrendReportTests(EngineFixture engine)
{
    [Fact]
    public async Task The_report_job_writes_charts_and_an_index_and_records_its_run()
    {
        var (load, _) = await engine.HistoryAsync();
        var artifacts = Path.Combine(Path.GetTempPath(), "mev-report-" + Guid.NewGuid().ToString("N")[..8]);
        var configuration = MevConfiguration.Build(new Dictionary<string, string?>
        {
            ["EmbeddedEngine:DataDirectory"] = engine.DataDirectory, // attaches to the fixture's engine
            ["Artifacts:Root"] = artifacts,
            ["Reports:Window"] = "1.00:00:00",
        }.Concat(Support.NoTtl.Settings));
        await using var session = await JobSession.OpenAsync(configuration);
        Assert.False(session.Store.Engine!.Owned);
        var outcome = await JobRunner.RunAsync(new TrendReportJob(), session.Context("test", utcNow: load.Truth.End), default);

        Assert.Equal(JobStatus.Completed, outcome.Status);
        var folder = Path.GetDirectoryName(outcome.Outputs.Single())!;
        foreach (var png in new[] { "landing-rate.png", "latency-p50.png", "latency-p99.png", "tip-efficiency.png" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, png));
            Assert.True(bytes.Length > 10_000, png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, "report.md"));
        Assert.Contains("![Landing rate by route (hourly)](landing-rate.png)", markdown);
        Assert.Contains("| 5 |", markdown); // the top tip arm's row
        Assert.False(Directory.Exists(folder + ".tmp"));

        // Its landing rate equals the raw table's over the same window.
        var raw = await engine.Db.ScalarAsync<double>("SELECT avg(landed) FROM landing_events");
        Assert.Equal(raw, outcome.Metrics["landing_rate"], 1e-9);
        var recorded = await engine.Db.ScalarAsync<long>("SELECT count() FROM job_runs WHERE job = 'report' AND status = 'completed' AND trigger = 'test'");
        Assert.True(recorded >= 1);
    }

    [Fact]
    public void An_empty_window_gives_a_report_that_says_so()
    {
        var document = TrendReportJob.Compose(DateTime.UnixEpoch, DateTime.UnixEpoch.AddDays(1), DateTime.UnixEpoch.AddDays(1), [], [], [], [], []);
        Assert.All(document.Charts, c => Assert.True(c.IsEmpty));
        Assert.Contains("_No data in the window._", document.ToMarkdown());
    }

    [Fact]
    public void Net_ev_per_send_subtracts_the_tip_in_sol()
    {
        var arm = new TipArmTotals(Arm: 2, Pulls: 1000, Lands: 400, PayoffSumSol: 8.0, TipSumLamports: 1000 * 50_000);
        Assert.Equal(0.4, arm.LandingRate, 12);
        Assert.Equal((8.0 - 0.05) / 1000, arm.NetEvPerSendSol, 12);
    }

    [Fact]
    public void Chart_text_has_a_font_to_draw_with()
    {
        // Without fonts-dejavu-core ScottPlot silently draws charts with no text at all.
        using var typeface = SkiaSharp.SKTypeface.FromFamilyName("DejaVu Sans");
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        var series = TrendSeries.FromRows([("b", DateTime.UnixEpoch.AddHours(1), 2.0), ("a", DateTime.UnixEpoch, 1.0), ("a", DateTime.UnixEpoch.AddHours(1), double.NaN)]);
        Assert.Equal(["a", "b"], series.Select(s => s.Name));
        Assert.Single(series[0].Values); // NaN dropped
    }
}
