using MevAnalytics.Host.Health;

namespace MevAnalytics.Host.Metrics;

/// <summary>Turns run history and LUT ages into the <c>/metrics</c> page. Pure: the numbers come in, text goes out.</summary>
public static class MetricsDocument
{
    public static string Render(IReadOnlyList<JobRunStats>? runs, IReadOnlyList<LutStatus> luts, IEnumerable<string> scheduledJobs)
    {
        var text = new PrometheusText();
        text.Sample("mev_job_runs_read_ok", "gauge", "1 when job_runs could be read for this scrape, 0 when ClickHouse did not answer.", runs is null ? 0 : 1);
        foreach (var job in scheduledJobs.Order(StringComparer.Ordinal))
            text.Sample("mev_job_scheduled", "gauge", "1 for each job with a recurring schedule on this host.", 1, ("job", job));
        foreach (var r in runs ?? [])
            text.Sample("mev_job_runs_total", "counter", "Runs recorded in job_runs, by job and status (all triggers).", r.Runs, ("job", r.Job), ("status", r.Status));
        foreach (var byJob in (runs ?? []).GroupBy(r => r.Job).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var job = byJob.Key;
            text.Sample("mev_job_duration_seconds_sum", "summary", "Run durations from job_runs.", byJob.Sum(r => r.TotalSeconds), ("job", job));
            text.Sample("mev_job_duration_seconds_count", "summary", "Run durations from job_runs.", byJob.Sum(r => r.Runs), ("job", job));
            var last = byJob.MaxBy(r => r.LastStartedUnixMs)!;
            text.Sample("mev_job_last_duration_seconds", "gauge", "Duration of the latest run.", last.LastSeconds, ("job", job));
            text.Sample("mev_job_failures_total", "counter", "Failed runs.", byJob.Where(r => r.Status == "failed").Sum(r => r.Runs), ("job", job));
            if (byJob.Where(r => r.Status != "failed").MaxBy(r => r.LastEndedUnixMs) is { } success)
                text.Sample("mev_job_last_success_timestamp_seconds", "gauge", "Unix time the latest successful (published, gated or completed) run ended.",
                    success.LastEndedUnixMs / 1000.0, ("job", job));
        }
        foreach (var lut in luts)
        {
            if (lut.AgeSeconds is { } age)
                text.Sample("mev_lut_age_seconds", "gauge", "Age of the current LUT (now minus its created-at).", age, ("table", lut.Table));
            if (lut.Version is { } version)
                text.Sample("mev_lut_version", "gauge", "Current LUT version.", version, ("table", lut.Table));
            text.Sample("mev_lut_stale", "gauge", "1 when the current LUT is older than its schedule allows or unreadable.", lut.Stale ? 1 : 0, ("table", lut.Table));
        }
        return text.ToString();
    }
}
