using MevAnalytics.Calibration.Runs;
using MevAnalytics.Jobs.Running;
using Prometheus;

namespace MevAnalytics.Host.Metrics;

/// <summary>
/// Turns an <see cref="OperatorState"/> into the <c>/metrics</c> page with prometheus-net: a fresh registry per scrape,
/// so a route or table that disappeared leaves no stale series. Every value comes from the state; nothing is counted
/// in process (several hosts and the CLI share <c>job_runs</c>).
/// </summary>
public static class MetricsDocument
{
    private static readonly string Gated = JobOutcome.NameOf(JobStatus.Gated);
    private static readonly string Failed = JobOutcome.NameOf(JobStatus.Failed);

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static async Task<string> RenderAsync(OperatorState state, CancellationToken ct = default)
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        var runs = state.Runs;

        f.CreateGauge("mev_job_runs_read_ok",
                "1 when job_runs could be read for this scrape, 0 when ClickHouse did not answer.")
            .Set(runs is null ? 0 : 1);
        var scheduled = f.CreateGauge("mev_job_scheduled",
            "1 for each job with a recurring schedule on this host.", "job");
        foreach (var job in state.ScheduledJobs.Order(StringComparer.Ordinal)) scheduled.WithLabels(job).Set(1);

        var total = f.CreateCounter("mev_job_runs_total",
            "Runs recorded in job_runs, by job and status (all triggers).", "job", "status");
        var durationSum = f.CreateCounter("mev_job_duration_seconds_sum", "Sum of run durations from job_runs.", "job");
        var durationCount = f.CreateCounter("mev_job_duration_seconds_count",
            "Number of runs behind mev_job_duration_seconds_sum.", "job");
        var lastDuration = f.CreateGauge("mev_job_last_duration_seconds", "Duration of the latest run.", "job");
        var failures = f.CreateCounter("mev_job_failures_total", "Failed runs.", "job");
        var gated = f.CreateCounter("mev_job_gated_total",
            "Runs whose gate refused the new table (the current one stayed).", "job");
        var lastSuccess = f.CreateGauge("mev_job_last_success_timestamp_seconds",
            "Unix time the latest successful (published, gated or completed) run ended.", "job");
        foreach (var r in runs ?? []) total.WithLabels(r.Job, r.Status).IncTo(r.Runs);
        foreach (var byJob in (runs ?? []).GroupBy(r => r.Job).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var job = byJob.Key;
            durationSum.WithLabels(job).IncTo(byJob.Sum(r => r.TotalSeconds));
            durationCount.WithLabels(job).IncTo(byJob.Sum(r => r.Runs));
            lastDuration.WithLabels(job).Set(byJob.MaxBy(r => r.LastStartedUnixMs)!.LastSeconds);
            failures.WithLabels(job).IncTo(byJob.Where(r => r.Status == Failed).Sum(r => r.Runs));
            gated.WithLabels(job).IncTo(byJob.Where(r => r.Status == Gated).Sum(r => r.Runs));
            if (byJob.Where(r => r.Status != Failed).MaxBy(r => r.LastEndedUnixMs) is { } success)
                lastSuccess.WithLabels(job).Set(success.LastEndedUnixMs / 1000.0);
        }

        var age = f.CreateGauge("mev_lut_age_seconds", "Age of the current LUT (now minus its created-at).", "table");
        var maxAge = f.CreateGauge("mev_lut_max_age_seconds",
            "Age beyond which the table is stale (schedule interval x Health:StaleAfterIntervals).", "table");
        var version = f.CreateGauge("mev_lut_version", "Current LUT version.", "table");
        var stale = f.CreateGauge("mev_lut_stale",
            "1 when the current LUT is older than its schedule allows or unreadable.", "table");
        foreach (var lut in state.Luts)
        {
            Set(age, lut.AgeSeconds, lut.Table);
            Set(maxAge, lut.MaxAgeSeconds, lut.Table);
            Set(version, lut.Version, lut.Table);
            stale.WithLabels(lut.Table).Set(lut.Stale ? 1 : 0);
        }

        var landing = f.CreateGauge("mev_route_landing_rate",
            "Landing rate of the route's sends over the recent window (Metrics:LandingWindow).", "route");
        var sends = f.CreateGauge("mev_route_sends", "Sends of the route over the recent window.", "route");
        foreach (var r in state.RecentRoutes ?? [])
        {
            sends.WithLabels(r.Route).Set(r.Sends);
            Set(landing, r.LandingRate, r.Route);
        }
        var p99 = f.CreateGauge("mev_route_latency_p99_ms",
            "p99 probe round trip of the route in the current latency table.", "route");
        var target = f.CreateGauge("mev_route_latency_p99_target_ms", "The route's SLO p99 target.", "route");
        var errorRate = f.CreateGauge("mev_route_error_rate",
            "Probe error rate of the route in the current latency table.", "route");
        var breached = f.CreateGauge("mev_route_slo_breached",
            "1 when the route breaches its SLO in the current latency table.", "route");
        foreach (var r in state.Latency?.Routes ?? [])
        {
            Set(p99, r.P99Ms, r.Route);
            Set(target, r.TargetP99Ms, r.Route);
            Set(errorRate, r.ErrorRate, r.Route);
            breached.WithLabels(r.Route).Set(r.SloBreached ? 1 : 0);
        }
        if (state.CalibrationMetrics is { } m)
        {
            var ece = f.CreateGauge("mev_calibration_holdout_ece",
                "Holdout ECE (equal mass) of the current calibration: curve=fitted or raw.", "curve");
            var logLoss = f.CreateGauge("mev_calibration_holdout_logloss",
                "Holdout log loss of the current calibration: curve=fitted or raw.", "curve");
            Set(ece, m.GetValueOrDefault(CalibrationMetricNames.HoldoutEceAfter, double.NaN), "fitted");
            Set(ece, m.GetValueOrDefault(CalibrationMetricNames.HoldoutEceBefore, double.NaN), "raw");
            Set(logLoss, m.GetValueOrDefault(CalibrationMetricNames.HoldoutLogLossAfter, double.NaN), "fitted");
            Set(logLoss, m.GetValueOrDefault(CalibrationMetricNames.HoldoutLogLossBefore, double.NaN), "raw");
        }

        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, ct);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    // A missing value is better than NaN in a dashboard: the series is left out.
    private static void Set(Gauge gauge, double? value, string label)
    {
        if (value is { } v && double.IsFinite(v)) gauge.WithLabels(label).Set(v);
    }
}
