using MevAnalytics.Host.Health;
using MevAnalytics.Host.Metrics;
using MevAnalytics.Host.Scheduling;
using MevAnalytics.Host.Tests.Support;

namespace MevAnalytics.Host.Tests.Unit;

public sealed class MetricsTests
{
    [Fact]
    public void Label_values_are_escaped_help_and_type_written_once_and_non_finite_values_dropped()
    {
        var text = new PrometheusText()
            .Sample("m_total", "counter", "Help.", 1, ("job", "a\"b\\c\nd"))
            .Sample("m_total", "counter", "Help.", 2, ("job", "x"))
            .Sample("m_gauge", "gauge", "G.", double.NaN)
            .ToString();

        Assert.Equal("# HELP m_total Help.\n# TYPE m_total counter\nm_total{job=\"a\\\"b\\\\c\\nd\"} 1\nm_total{job=\"x\"} 2\n", text);
    }

    [Fact]
    public void Document_sums_runs_per_job_and_takes_the_latest_success()
    {
        var runs = new List<JobRunStats>
        {
            new("calibrate", "published", 3, 30, 1_000_000, 1_010_000, 10),
            new("calibrate", "failed", 2, 4, 2_000_000, 2_002_000, 2),
            new("calibrate", "gated", 1, 5, 1_500_000, 1_505_000, 5),
        };
        var text = MetricsDocument.Render(runs, [], ["calibrate"]);

        Assert.Contains("mev_job_duration_seconds_sum{job=\"calibrate\"} 39\n", text);
        Assert.Contains("mev_job_duration_seconds_count{job=\"calibrate\"} 6\n", text);
        Assert.Contains("mev_job_failures_total{job=\"calibrate\"} 2\n", text);
        Assert.Contains("mev_job_last_duration_seconds{job=\"calibrate\"} 2\n", text); // the failed run is the latest
        Assert.Contains("mev_job_last_success_timestamp_seconds{job=\"calibrate\"} 1505\n", text); // gated counts as success
        Assert.Contains("mev_job_runs_read_ok 1\n", text);
        Assert.Contains("mev_job_runs_read_ok 0\n", MetricsDocument.Render(null, [], []));
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
