using MevAnalytics.Data.Connection;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Reports;

/// <summary>The report's reads: hourly aggregates from the rollups and run metrics from job_runs, all aggregated in ClickHouse.</summary>
public static class TrendQueries
{
    private static QueryParameters Parameters(QueryWindow window) => new QueryParameters()
        .Add("from", window.FromUnixMs / 1000)
        .Add("to", window.ToUnixMs / 1000);

    /// <summary>(route, hour, landing rate).</summary>
    public static Task<List<(string Name, DateTime Time, double Value)>> LandingRateAsync(ClickHouseGateway db, QueryWindow window, CancellationToken ct) =>
        db.QueryAsync("""
            SELECT route, toStartOfHour(bucket) AS h, sumMerge(lands) / countMerge(pulls)
            FROM rollup_arm_5m
            WHERE bucket >= fromUnixTimestamp({from:Int64}) AND bucket < fromUnixTimestamp({to:Int64})
            GROUP BY route, h ORDER BY route, h
            """, Parameters(window), r => (r.GetString(0), Utc(r.GetDateTime(1)), r.GetDouble(2)), ct);

    /// <summary>(route, hour, p50, p99) of successful probes, merged over the route's endpoints.</summary>
    public static Task<List<(string Route, DateTime Time, double P50, double P99)>> LatencyAsync(ClickHouseGateway db, QueryWindow window, CancellationToken ct) =>
        db.QueryAsync("""
            SELECT route, toStartOfHour(bucket) AS h, quantilesTDigestIfMerge(0.5, 0.9, 0.99, 0.999)(rtt) AS q
            FROM rollup_latency_5m
            WHERE bucket >= fromUnixTimestamp({from:Int64}) AND bucket < fromUnixTimestamp({to:Int64})
            GROUP BY route, h ORDER BY route, h
            """, Parameters(window), r =>
            {
                var q = ((System.Collections.IEnumerable)r.GetValue(2)).Cast<object>().Select(Convert.ToDouble).ToArray();
                return (r.GetString(0), Utc(r.GetDateTime(1)), q[0], q[2]);
            }, ct);

    /// <summary>Per tip arm over the window: pulls, lands, payoff and tip sums.</summary>
    public static Task<List<TipArmTotals>> TipArmsAsync(ClickHouseGateway db, QueryWindow window, CancellationToken ct) =>
        db.QueryAsync("""
            SELECT tip_arm, countMerge(pulls) AS n, sumMerge(lands), sumMerge(payoff_sum), sumMerge(tip_sum)
            FROM rollup_arm_5m
            WHERE bucket >= fromUnixTimestamp({from:Int64}) AND bucket < fromUnixTimestamp({to:Int64})
            GROUP BY tip_arm ORDER BY tip_arm
            """, Parameters(window), r => new TipArmTotals(
                Convert.ToInt32(r.GetValue(0)), Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2)), r.GetDouble(3), Convert.ToDouble(r.GetValue(4))), ct);

    /// <summary>(metric, run start, value) of the calibrate job's published runs: metrics whose name mentions ECE.</summary>
    public static Task<List<(string Name, DateTime Time, double Value)>> CalibrationQualityAsync(ClickHouseGateway db, QueryWindow window, CancellationToken ct) =>
        db.QueryAsync("""
            SELECT k, started_at, v
            FROM job_runs ARRAY JOIN mapKeys(metrics) AS k, mapValues(metrics) AS v
            WHERE job = 'calibrate' AND status = 'published' AND positionCaseInsensitive(k, 'ece') > 0
              AND started_at >= fromUnixTimestamp({from:Int64}) AND started_at < fromUnixTimestamp({to:Int64})
            ORDER BY k, started_at
            """, Parameters(window), r => (r.GetString(0), Utc(r.GetDateTime(1)), r.GetDouble(2)), ct);

    /// <summary>Last run of every job: (job, status, started, duration ms, lut version, error).</summary>
    public static Task<List<IReadOnlyList<string>>> LastRunsAsync(ClickHouseGateway db, CancellationToken ct) =>
        db.QueryAsync("""
            SELECT job, argMax(status, started_at), max(started_at), argMax(duration_ms, started_at), argMax(lut_version, started_at),
                   countIf(status = 'failed')
            FROM job_runs GROUP BY job ORDER BY job
            """, null, r => (IReadOnlyList<string>)
            [
                r.GetString(0), r.GetString(1), Utc(r.GetDateTime(2)).ToString("yyyy-MM-dd HH:mm:ss"),
                Convert.ToString(r.GetValue(3), System.Globalization.CultureInfo.InvariantCulture)!, r.GetString(4),
                Convert.ToString(r.GetValue(5), System.Globalization.CultureInfo.InvariantCulture)!,
            ], ct);

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);
}

/// <summary>Totals of one tip arm over the report window.</summary>
public sealed record TipArmTotals(int Arm, long Pulls, long Lands, double PayoffSumSol, double TipSumLamports)
{
    public double LandingRate => Pulls == 0 ? 0 : (double)Lands / Pulls;
    public double MeanTipLamports => Pulls == 0 ? 0 : TipSumLamports / Pulls;

    /// <summary>Realized EV per send: payoff minus tip, in SOL.</summary>
    public double NetEvPerSendSol => Pulls == 0 ? 0 : (PayoffSumSol - TipSumLamports / 1e9) / Pulls;
}
