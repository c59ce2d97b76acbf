using MevAnalytics.Host.Health;
using MevAnalytics.Host.Metrics;
using MevAnalytics.Host.Scheduling;
using MevAnalytics.Host.Tests.Support;
using MevAnalytics.Jobs.Reports;
using MevAnalytics.Jobs.Reports.Views;

namespace MevAnalytics.Host.Tests.Unit;

public sealed class MetricsTests
{
    [Fact]
    public async Task Document_sums_runs_per_job_and_takes_the_latest_success()
    {
        var runs = new List<JobRunStats>
        {
            new("calibrate", "published", 3, 30, 1_000_000, 1_010_000, 10),
            new("calibrate", "failed", 2, 4, 2_000_000, 2_002_000, 2),
            new("calibrate", "gated", 1, 5, 1_500_000, 1_505_000, 5),
        };
        var text = await MetricsDocument.RenderAsync(new OperatorState(runs, [], ["calibrate"]));

        Assert.Contains("mev_job_duration_seconds_sum{job=\"calibrate\"} 39\n", text);
        Assert.Contains("mev_job_duration_seconds_count{job=\"calibrate\"} 6\n", text);
        Assert.Contains("mev_job_failures_total{job=\"calibrate\"} 2\n", text);
        Assert.Contains("mev_job_gated_total{job=\"calibrate\"} 1\n", text);
        Assert.Contains("mev_job_last_duration_seconds{job=\"calibrate\"} 2\n", text); // the failed run is the latest
        Assert.Contains(
            "mev_job_last_success_timestamp_seconds{job=\"calibrate\"} 1505\n", text); // gated counts as success
        Assert.Contains("mev_job_runs_read_ok 1\n", text);
        Assert.Contains("mev_job_runs_read_ok 0\n", await MetricsDocument.RenderAsync(new OperatorState(null, [], [])));
    }

    [Fact]
    public async Task Operator_gauges_per_route_and_table_come_from_the_state_and_missing_values_are_left_out()
    {
        var latency = new LatencyView(3, DateTime.UnixEpoch, DateTime.UnixEpoch.AddDays(1),
        [
            new RouteQuantiles("jito-ny", 1000, 0.001, 40, 70, 250, 400, 90, false, "", 400, 0.02),
            new RouteQuantiles("rpc \"b\"", 1000, 0.05, 60, 90, 650, 900, 120, true, "P99, ErrorRate", 400, 0.02),
        ]);
        var state = new OperatorState([],
            [new LutStatus("calibration", 4, "calibrate", DateTime.UnixEpoch, 3600, 7200, null)], [],
            [new RouteTotals("jito-ny", 1000, 512, 1, 0), new RouteTotals("empty", 0, 0, 0, 0)], latency,
            new Dictionary<string, double> { ["holdout_ece_after"] = 0.0014, ["holdout_ece_before"] = 0.083 });

        var text = await MetricsDocument.RenderAsync(state);

        Assert.Contains("mev_route_landing_rate{route=\"jito-ny\"} 0.512\n", text);
        Assert.DoesNotContain("mev_route_landing_rate{route=\"empty\"}", text); // no sends: no rate, not NaN
        Assert.Contains("mev_route_sends{route=\"empty\"} 0\n", text);
        Assert.Contains("mev_route_latency_p99_ms{route=\"jito-ny\"} 250\n", text);
        Assert.Contains("mev_route_slo_breached{route=\"rpc \\\"b\\\"\"} 1\n", text); // label value escaped
        Assert.Contains("mev_route_slo_breached{route=\"jito-ny\"} 0\n", text);
        Assert.Contains("mev_calibration_holdout_ece{curve=\"fitted\"} 0.0014\n", text);
        Assert.Contains("mev_lut_age_seconds{table=\"calibration\"} 3600\n", text);
        Assert.Contains("mev_lut_stale{table=\"calibration\"} 0\n", text);
        Assert.DoesNotContain("NaN", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "^# TYPE mev_route_slo_breached gauge$",
            System.Text.RegularExpressions.RegexOptions.Multiline));
    }

    [Fact]
    public void A_lut_older_than_its_allowed_intervals_is_stale()
    {
        var root = Directory.CreateTempSubdirectory("mev-lutage-").FullName;
        try
        {
            var now = DateTime.UtcNow;
            TestLut.PublishDirect(root, "fresh_latency", "latency", now.AddMinutes(-14));
            TestLut.PublishDirect(root, "old_latency", "latency", now.AddMinutes(-16));
            TestLut.PublishDirect(root, "orphan_latency", "nobody", now.AddDays(-30));
            var schedule = new JobSchedule(new Dictionary<string, string> { ["latency"] = "*/5 * * * *" });

            var luts = LutInventory.Read(root, schedule, 3, now).ToDictionary(l => l.Table);

            Assert.False(luts["fresh_latency"].Stale);
            Assert.True(luts["old_latency"].Stale);
            Assert.Equal(900, luts["old_latency"].MaxAgeSeconds);
            Assert.InRange(luts["old_latency"].AgeSeconds!.Value, 16 * 60 - 1, 16 * 60 + 1);
            Assert.False(luts["orphan_latency"].Stale); // its producer is not scheduled here: no limit
            Assert.Equal(1, luts["old_latency"].Version);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
