using MevAnalytics.Data.Connection;

namespace MevAnalytics.Host.Metrics;

/// <summary>Totals of <c>job_runs</c> for one job and status.</summary>
/// <param name="Job">Job name.</param>
/// <param name="Status">published, gated, completed or failed.</param>
/// <param name="Runs">Number of runs.</param>
/// <param name="TotalSeconds">Sum of durations.</param>
/// <param name="LastStartedUnixMs">Start of the latest run.</param>
/// <param name="LastEndedUnixMs">Start plus duration of the latest run.</param>
/// <param name="LastSeconds">Duration of the latest run.</param>
public sealed record JobRunStats(string Job, string Status, long Runs, double TotalSeconds, long LastStartedUnixMs,
    long LastEndedUnixMs, double LastSeconds)
{
    /// <summary>One aggregate over <c>job_runs</c>; plain SQL with no values spliced in, valid on Distributed tables
    /// too.</summary>
    public static Task<List<JobRunStats>> ReadAsync(ClickHouseGateway db, CancellationToken ct) =>
        db.QueryAsync("""
            SELECT job, status, count() AS runs, sum(duration_ms) AS total_ms,
                   toUnixTimestamp64Milli(max(started_at)) AS last_started,
                   argMax(toUnixTimestamp64Milli(started_at) + toInt64(duration_ms), started_at) AS last_ended,
                   argMax(duration_ms, started_at) AS last_ms
            FROM job_runs
            GROUP BY job, status
            ORDER BY job, status
            """, null, r => new JobRunStats(
                r.GetString(0), r.GetString(1), Convert.ToInt64(r.GetValue(2)), Convert.ToDouble(r.GetValue(3)) / 1000,
                Convert.ToInt64(r.GetValue(4)), Convert.ToInt64(r.GetValue(5)),
                Convert.ToDouble(r.GetValue(6)) / 1000), ct);
}
