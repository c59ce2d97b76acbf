using System.Text.Json;
using MevAnalytics.Integration.Tests.Engine;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Reports;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Reports.Charts;
using MevAnalytics.Reports.Documents;

namespace MevAnalytics.Integration.Tests.Reports;

[Collection(EngineCollection.Name)]
public sealed class TrendReportTests(EngineFixture engine)
{
    [Fact]
    public async Task The_report_job_writes_a_self_contained_html_report_with_its_charts_and_data_and_records_its_run()
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
        var outcome = await JobRunner.RunAsync(new TrendReportJob(),
            session.Context("test", utcNow: load.Truth.End), default);

        Assert.Equal(JobStatus.Completed, outcome.Status);
        var html = outcome.Outputs.Single();
        Assert.Equal("report.html", Path.GetFileName(html));
        var folder = Path.GetDirectoryName(html)!;
        var text = await File.ReadAllTextAsync(html);
        // Self-contained: every chart inline, nothing fetched.
        Assert.DoesNotContain("<script", text);
        Assert.DoesNotContain("src=\"http", text);
        Assert.DoesNotContain("href=\"http", text);
        var inline = System.Text.RegularExpressions.Regex.Matches(text, "src=\"data:image/png;base64,").Count;
        var pngs = Directory.GetFiles(folder, "*.png");
        Assert.True(pngs.Length >= 9, $"{pngs.Length} charts"); // headline, 8 latency panels (no tables published here)
        Assert.Equal(pngs.Length, inline);
        foreach (var png in pngs)
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(png))[..4]);
        // No table is published under this artifact root: sections built from tables say so in words (calibration
        // still shows the calibrate runs other tests recorded in the shared job_runs, but no reliability diagram).
        Assert.Contains("No bandit table published.", text);
        Assert.Contains("No phase table published.", text);
        Assert.DoesNotContain("Reliability before and after", text);

        // report.json carries each chart's data: the headline chart's points are the routes' landing rates.
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "report.json")));
        var headline = json.RootElement.GetProperty("sections")[0].GetProperty("blocks").EnumerateArray()
            .Single(b => b.GetProperty("kind").GetString() == "chart").GetProperty("chart");
        var rates = headline.GetProperty("layers")[0].GetProperty("y").EnumerateArray().Select(v => v.GetDouble())
            .ToArray();
        var raw = await engine.Db.QueryAsync(
            "SELECT route, avg(landed) FROM landing_events GROUP BY route ORDER BY route", null, r => r.GetDouble(1));
        Assert.Equal(raw.Count, rates.Length);
        for (int i = 0; i < raw.Count; i++) Assert.Equal(raw[i], rates[i], 1e-9);

        var all = await engine.Db.ScalarAsync<double>("SELECT avg(landed) FROM landing_events");
        Assert.Equal(all, outcome.Metrics["landing_rate"], 1e-9);
        Assert.False(Directory.Exists(folder + ".tmp"));
        var recorded = await engine.Db.ScalarAsync<long>(
            "SELECT count() FROM job_runs WHERE job = 'report' AND status = 'completed' AND trigger = 'test'");
        Assert.True(recorded >= 1);
    }

    [Fact]
    public void An_empty_window_gives_a_report_whose_sections_say_so_and_draw_no_axes()
    {
        var window = new QueryWindow(DateTime.UnixEpoch, DateTime.UnixEpoch.AddDays(1));
        var document = TrendReport.Compose(ReportInputs.Empty(window, window.To, new ReportOptions()));

        Assert.Equal(6, document.Sections.Count);
        Assert.All(document.Sections, s => Assert.True(s.IsEmpty, s.Title));
        var html = ReportHtml.Render(document, _ => throw new InvalidOperationException("an empty chart was drawn"));
        Assert.DoesNotContain("<img", html);
        Assert.Contains("No sends in this window or the previous one.", html);
        Assert.Contains("No phase table published.", html);
    }

    [Fact]
    public void Attention_lists_a_route_only_when_its_landing_rate_move_is_significant_and_large_enough()
    {
        var window = new QueryWindow(DateTime.UnixEpoch.AddDays(1), DateTime.UnixEpoch.AddDays(2));
        var input = ReportInputs.Empty(window, window.To, new ReportOptions()) with
        {
            // big: 0.50 -> 0.53 on 100k sends (z ~ 13); tiny: 0.500 -> 0.505 on 1M sends (z ~ 7, below one point);
            // noisy: 0.50 -> 0.58 on 50 sends (a large move, z ~ 0.8).
            Routes = [new("big", 100_000, 53_000, 0, 0), new("tiny", 1_000_000, 505_000, 0, 0),
                new("noisy", 50, 29, 0, 0)],
            PreviousRoutes = [new("big", 100_000, 50_000, 0, 0), new("tiny", 1_000_000, 500_000, 0, 0),
                new("noisy", 50, 25, 0, 0)],
            PreviousSpan = (DateTime.UnixEpoch, DateTime.UnixEpoch.AddDays(1).AddMinutes(-5)), // all of it
        };

        var attention = TrendReport.Compose(input).Sections[0].Blocks.OfType<ListBlock>()
            .Single(l => l.Title == "Attention");

        Assert.Contains(attention.Items,
            i => i.StartsWith("big: landing rate rose from 0.5000 to 0.5300", StringComparison.Ordinal));
        Assert.DoesNotContain(attention.Items, i => i.StartsWith("tiny", StringComparison.Ordinal));
        Assert.DoesNotContain(attention.Items, i => i.StartsWith("noisy", StringComparison.Ordinal));
    }

    [Fact]
    public void A_previous_window_its_data_barely_covers_gives_no_deltas_and_nothing_to_rank_and_says_why()
    {
        var window = new QueryWindow(DateTime.UnixEpoch.AddDays(7), DateTime.UnixEpoch.AddDays(14));
        // The history started 19 minutes before this window: the previous window holds those minutes only.
        var input = ReportInputs.Empty(window, window.To, new ReportOptions()) with
        {
            Routes = [new("jito-amsterdam", 100_000, 53_000, 0, 0)],
            PreviousRoutes = [new("jito-amsterdam", 120, 10, 0, 0)],
            PreviousSpan = (window.From.AddMinutes(-20), window.From.AddMinutes(-5)),
        };
        Assert.False(input.Comparable);

        var headline = TrendReport.Compose(input).Sections[0];
        var attention = headline.Blocks.OfType<ListBlock>().Single(l => l.Title == "Attention");
        Assert.DoesNotContain(attention.Items, i => i.StartsWith("jito-amsterdam", StringComparison.Ordinal));
        var table = headline.Blocks.OfType<TableBlock>().First().Table;
        Assert.Contains("No deltas: the previous window", table.Note);
        Assert.Contains("0.2% of its span", table.Note);
        Assert.Contains("Reports:MinComparableCoverage", table.Note);
        var row = table.Rows.Single(r => r[0] == "jito-amsterdam");
        Assert.Equal("n/a", row[2]); // Δ landing rate
        Assert.Equal("n/a", row[5]); // Δ sends
    }

    [Fact]
    public void Net_ev_per_send_subtracts_the_tip_in_sol()
    {
        var route = new RouteTotals("r", Sends: 1000, Lands: 400, PayoffSumSol: 8.0, TipSumLamports: 1000 * 50_000);
        Assert.Equal(0.4, route.LandingRate, 12);
        Assert.Equal((8.0 - 0.05) / 1000, route.NetEvPerSendSol, 12);
        Assert.Equal(0.05, route.TipSpendSol, 12);
    }

    [Fact]
    public void Every_route_keeps_one_colour_whatever_order_it_is_seen_in()
    {
        var a = new RoutePalette(["b", "a", "c"]);
        var b = new RoutePalette(["c", "c", "a", "b"]);
        foreach (var route in new[] { "a", "b", "c" }) Assert.Equal(a[route], b[route]);
        Assert.Equal(3, new[] { a["a"], a["b"], a["c"] }.Distinct().Count());
    }

    [Fact]
    public void Chart_text_has_a_font_to_draw_with()
    {
        // Without fonts-dejavu-core ScottPlot silently draws charts with no text at all.
        using var typeface = SkiaSharp.SKTypeface.FromFamilyName("DejaVu Sans");
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        var png = ChartRenderer.Png(new Chart("t", "title", "x", "y",
            [new LineLayer("one point", "#0072b2", [1], [2])], Width: 300, Height: 200));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }
}
