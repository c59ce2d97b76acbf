using System.Text.Json;
using System.Text.RegularExpressions;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Sources;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Integration.Tests.Sources;

/// <summary>
/// A foreign-shaped table mapped through <c>Sources:Landing</c> against the same rows in <c>landing_events</c>: the
/// calibration is byte for byte the same, and each unmapped optional role degrades the way docs/sources.md says,
/// checked against the unmapped run configured to the same degradation (Calibration:Segments).
/// </summary>
[Collection(SourcesCollection.Name)]
public sealed class MappedSourceTests(SourcesFixture fx)
{
    private static Dictionary<string, string> Without(IReadOnlyDictionary<string, string> columns,
        params string[] roles) =>
        columns.Where(c => !roles.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value);

    private async Task<(JobOutcome Mapped, JobOutcome Own)> CalibrateBothAsync(string database,
        IReadOnlyDictionary<string, string> columns, string? segments)
    {
        var extra = segments is null ? null : new Dictionary<string, string?> { ["Calibration:Segments"] = segments };
        var mapped = await fx.RunAsync(fx.Configuration(database, fx.NewRoot(database), "searcher.sends", columns),
            "calibrate");
        var own = await fx.RunAsync(fx.Configuration("sim", fx.NewRoot(database + "-own"), null, null, extra),
            "calibrate");
        Assert.True(mapped.Status == JobStatus.Published, mapped.Summary);
        Assert.True(own.Status == JobStatus.Published, own.Summary);
        return (mapped, own);
    }

    private static List<string> Keys(JobOutcome outcome)
    {
        using var lut = LutFile.Open(outcome.Outputs[0]);
        var keys = new List<string>();
        for (var i = 0; i < lut.Reader.SegmentCount; i++) keys.Add(lut.Reader.SegmentAt(i).Key);
        return keys;
    }

    private static void AssertSameTable(JobOutcome mapped, JobOutcome own)
    {
        // Same header (window, rows), same segments with the same sample counts and knots. p_land histograms hold
        // integer sums, so those curves are equal to the bit; EV sums are float sums whose order ClickHouse's parallel
        // aggregation picks per table, so EV knots agree to rounding.
        using LutFile a = LutFile.Open(own.Outputs[0]), b = LutFile.Open(mapped.Outputs[0]);
        Assert.Equal(a.Header, b.Header);
        Assert.Equal(Keys(own), Keys(mapped));
        for (var i = 0; i < a.Reader.SegmentCount; i++)
        {
            var x = a.Reader.SegmentAt(i);
            var y = b.Reader.SegmentAt(i);
            Assert.Equal(x.SampleCount, y.SampleCount);
            Assert.Equal(x.KnotCount, y.KnotCount);
            bool ev = x.Key.StartsWith("ev:", StringComparison.Ordinal);
            for (var k = 0; k < x.KnotCount; k++)
            {
                if (ev)
                {
                    Assert.Equal(x.Knot(k).X, y.Knot(k).X, 1e-12);
                    Assert.Equal(x.Knot(k).Y, y.Knot(k).Y, 1e-12);
                }
                else
                {
                    Assert.Equal(x.Knot(k), y.Knot(k));
                }
            }
        }
        Assert.Equal(own.Metrics.Keys.Order(), mapped.Metrics.Keys.Order());
        Assert.Equal(own.Metrics["segments"], mapped.Metrics["segments"]);
    }

    /// <summary>Holdout metrics, too, when the two reads group the rows alike (a source without route or arm is
    /// bucketed by score alone, the own table by route and arm as well, which moves equal-mass ECE bins).</summary>
    private static void AssertSameMetrics(JobOutcome mapped, JobOutcome own)
    {
        foreach (var (key, value) in own.Metrics) Assert.Equal(value, mapped.Metrics[key], 1e-9);
    }

    [Fact]
    public async Task Mapped_foreign_table_calibrates_exactly_like_the_same_rows_in_landing_events()
    {
        var (mapped, own) = await CalibrateBothAsync("map_full", SourcesFixture.FullSends, null);
        AssertSameTable(mapped, own);
        AssertSameMetrics(mapped, own);
        Assert.Contains(Keys(own), k => k.Contains('/'));
        var summary = JsonDocument.Parse(File.ReadAllText(mapped.Outputs.Single(o => o.EndsWith(".summary.json"))));
        Assert.Contains("landing_source", summary.RootElement.GetProperty("summary").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Without_tip_arm_calibration_segments_by_route_only()
    {
        var (mapped, own) = await CalibrateBothAsync("map_noarm", Without(SourcesFixture.FullSends, "TipArm"), "route");
        AssertSameTable(mapped, own);
        Assert.DoesNotContain(Keys(mapped), k => k.Contains('/'));
        Assert.True(Keys(mapped).Count > 2);
    }

    [Fact]
    public async Task Without_route_calibration_fits_global_curves_only()
    {
        var (mapped, own) = await CalibrateBothAsync("map_noroute", Without(SourcesFixture.FullSends, "Route"), "");
        AssertSameTable(mapped, own);
        Assert.Equal(["*", "ev:*"], Keys(mapped).Order(StringComparer.Ordinal));
    }

    /// <summary>An outcome mapped from a wider integer is not wrapped into 0/1: anything but 0 and 1 is a bad row,
    /// which the calibrate job names (and refuses) as it would in landing_events.</summary>
    [Fact]
    public async Task Outcome_outside_0_1_is_a_bad_row_not_a_silent_wrap()
    {
        var columns = SourcesFixture.FullSends.ToDictionary(c => c.Key, c => c.Value);
        columns["Landed"] = "toInt32(outcome) * 257"; // toUInt8 would wrap 257 to 1
        var outcome = await fx.RunAsync(fx.Configuration("map_badflag", fx.NewRoot("badflag"), "searcher.sends",
            columns), "calibrate");
        Assert.Equal(JobStatus.Failed, outcome.Status);
        Assert.Contains("bad calibration input in landing_source", outcome.Summary);
        Assert.Contains("landed", outcome.Summary);
    }

    /// <summary>The view converts the mapped timestamp in a way ClickHouse knows to be monotonic, so an hour's window
    /// on the view reads a fraction of the granules of the table (ordered by that column), not all of them.</summary>
    [Fact]
    public async Task A_window_on_the_view_reaches_the_mapped_tables_primary_key()
    {
        await using var session = await JobSession.OpenAsync(
            fx.Configuration("map_index", fx.NewRoot("index"), "searcher.sends", SourcesFixture.FullSends));
        var plan = string.Join('\n', await fx.Server.QueryAsync(
            "EXPLAIN indexes = 1 SELECT count() FROM map_index.landing_source " +
            "WHERE ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}",
            new QueryParameters().Add("from", fx.End.AddHours(-2)).Add("to", fx.End.AddHours(-1)),
            r => r.GetString(0)));
        var primaryKey = plan[plan.IndexOf("PrimaryKey", StringComparison.Ordinal)..];
        var granules = Regex.Match(primaryKey, @"Granules: (\d+)/(\d+)");
        Assert.True(granules.Success, plan);
        Assert.Contains("sent_at", primaryKey[..granules.Index]);
        Assert.True(int.Parse(granules.Groups[1].Value) * 4 < int.Parse(granules.Groups[2].Value), plan);
    }

    [Fact]
    public async Task Without_tip_arm_the_bandit_job_is_unavailable_exit_4_and_names_the_key()
    {
        var root = fx.NewRoot("bandit-noarm");
        var outcome = await fx.RunAsync(
            fx.Configuration("map_bandit_noarm", root, "searcher.sends", Without(SourcesFixture.FullSends, "TipArm")),
            "bandit");
        Assert.Equal(JobStatus.Unavailable, outcome.Status);
        Assert.Equal(4, outcome.ExitCode);
        Assert.Contains("Sources:Landing:Columns:TipArm", outcome.Summary);
        Assert.Null(outcome.LutVersion);
        Assert.False(Directory.Exists(Path.Combine(root, "luts", "bandit")));
        var status = await fx.Server.ScalarAsync<string>(
            "SELECT status FROM map_bandit_noarm.job_runs WHERE job = 'bandit' ORDER BY started_at DESC LIMIT 1");
        Assert.Equal("unavailable", status);
    }

    [Fact]
    public async Task Without_phase_offset_the_phase_job_is_unavailable()
    {
        var outcome = await fx.RunAsync(fx.Configuration("map_nophase", fx.NewRoot("nophase"), "searcher.bundle_log",
            Without(SourcesFixture.BundleLog, "PhaseOffsetMs")), "phase");
        Assert.Equal(JobStatus.Unavailable, outcome.Status);
        Assert.Contains("Sources:Landing:Columns:PhaseOffsetMs", outcome.Summary);

        // The control: the same table with its phase column mapped publishes.
        var control = await fx.RunAsync(fx.Configuration("map_phase", fx.NewRoot("phase"), "searcher.bundle_log",
            SourcesFixture.BundleLog), "phase");
        Assert.True(control.Status == JobStatus.Published, control.Summary);
    }

    [Fact]
    public async Task Without_propensity_the_bandit_publishes_without_off_policy_evaluation_and_says_why()
    {
        var root = fx.NewRoot("noprop");
        var configuration = fx.Configuration("map_noprop", root, "searcher.sends",
            Without(SourcesFixture.FullSends, "Propensity"));
        await using (var session = await JobSession.OpenAsync(configuration))
            await RollupBackfill.RunAsync(session.Store.Db, session.Store.Layout, session.Store.Sources,
                fx.End.AddDays(-3), fx.End, null, null, CancellationToken.None);
        var outcome = await fx.RunAsync(configuration, "bandit");
        Assert.True(outcome.Status == JobStatus.Published, outcome.Summary);
        Assert.Equal(0, outcome.Metrics["ope_evaluated"]);
        var ope = JsonDocument.Parse(File.ReadAllText(outcome.Outputs.Single(o => o.EndsWith(".summary.json"))))
            .RootElement.GetProperty("summary").GetProperty("offPolicy");
        Assert.False(ope.GetProperty("evaluated").GetBoolean());
        Assert.Contains("Sources:Landing:Columns:Propensity", ope.GetProperty("skipReason").GetString());

        var report = await fx.RunAsync(configuration, "report");
        Assert.True(report.Status == JobStatus.Completed, report.Summary);
        var html = File.ReadAllText(report.Outputs[0]);
        Assert.Contains("Off-policy evaluation was not run", html);
        Assert.Contains("Sources:Landing:Columns:Propensity", html);

        // The control: with its propensity mapped, the same source is evaluated off-policy.
        var full = fx.Configuration("map_prop", fx.NewRoot("prop"), "searcher.sends", SourcesFixture.FullSends);
        await using (var session = await JobSession.OpenAsync(full))
            await RollupBackfill.RunAsync(session.Store.Db, session.Store.Layout, session.Store.Sources,
                fx.End.AddDays(-3), fx.End, null, null, CancellationToken.None);
        var evaluated = await fx.RunAsync(full, "bandit");
        Assert.Equal(1, evaluated.Metrics["ope_evaluated"]);
    }
}
