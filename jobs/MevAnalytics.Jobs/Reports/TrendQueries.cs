using System.Globalization;
using MevAnalytics.Data.Connection;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Reports;

/// <summary>The report's reads from ClickHouse, every one aggregated there (rollups, job_runs, a binned phase
/// histogram).</summary>
public static class TrendQueries
{
    private static QueryParameters Parameters(QueryWindow window) => new QueryParameters()
        .Add("from", window.FromUnixMs / 1000)
        .Add("to", window.ToUnixMs / 1000);

    /// <summary>First and last 5-minute bucket with sends in the window (null when it has none): how much of its
    /// span the window's data covers.</summary>
    public static async Task<(DateTime First, DateTime Last)?> SendSpanAsync(ClickHouseGateway db, QueryWindow window,
        CancellationToken ct)
    {
        var span = (await db.QueryAsync("""
            SELECT count(), toInt64(toUnixTimestamp(min(bucket))), toInt64(toUnixTimestamp(max(bucket)))
            FROM rollup_arm_5m
            WHERE bucket >= fromUnixTimestamp({from:Int64}) AND bucket < fromUnixTimestamp({to:Int64})
            """, Parameters(window), r => (N: Convert.ToInt64(r.GetValue(0)), First: r.GetInt64(1),
                Last: r.GetInt64(2)), ct))[0];
        return span.N == 0 ? null
            : (DateTime.UnixEpoch.AddSeconds(span.First), DateTime.UnixEpoch.AddSeconds(span.Last));
    }

    /// <summary>Per route over the window: sends, lands, payoff and tip sums.</summary>
    public static Task<List<RouteTotals>> RouteTotalsAsync(ClickHouseGateway db, QueryWindow window,
        CancellationToken ct) =>
        db.QueryAsync("""
            SELECT route, countMerge(pulls), sumMerge(lands), sumMerge(payoff_sum), sumMerge(tip_sum)
            FROM rollup_arm_5m
            WHERE bucket >= fromUnixTimestamp({from:Int64}) AND bucket < fromUnixTimestamp({to:Int64})
            GROUP BY route ORDER BY route
            """, Parameters(window), r => new RouteTotals(r.GetString(0), Convert.ToInt64(r.GetValue(1)),
                Convert.ToInt64(r.GetValue(2)), r.GetDouble(3),
                Convert.ToDouble(r.GetValue(4), CultureInfo.InvariantCulture)), ct);

    /// <summary>Per route over the window: p50 and p99 of successful probes, merged over the route's
    /// endpoints.</summary>
    public static Task<List<RouteLatency>> RouteLatencyAsync(ClickHouseGateway db, QueryWindow window,
        CancellationToken ct) =>
        db.QueryAsync("""
            SELECT route, quantilesTDigestIfMerge(0.5, 0.99)(rtt) AS q
            FROM rollup_latency_5m
            WHERE bucket >= fromUnixTimestamp({from:Int64}) AND bucket < fromUnixTimestamp({to:Int64})
            GROUP BY route ORDER BY route
            """, Parameters(window), r =>
            {
                var q = Quantiles(r.GetValue(1));
                return new RouteLatency(r.GetString(0), DateTime.MinValue, q[0], q[1]);
            }, ct);

    /// <summary>Per route and hour: p50 and p99 of successful probes.</summary>
    public static Task<List<RouteLatency>> LatencyHourlyAsync(ClickHouseGateway db, QueryWindow window,
        CancellationToken ct) =>
        db.QueryAsync("""
            SELECT route, toStartOfHour(bucket) AS h, quantilesTDigestIfMerge(0.5, 0.99)(rtt) AS q
            FROM rollup_latency_5m
            WHERE bucket >= fromUnixTimestamp({from:Int64}) AND bucket < fromUnixTimestamp({to:Int64})
            GROUP BY route, h ORDER BY route, h
            """, Parameters(window), r =>
            {
                var q = Quantiles(r.GetValue(2));
                return new RouteLatency(r.GetString(0), Utc(r.GetDateTime(1)), q[0], q[1]);
            }, ct);

    /// <summary>Every job run that started at or after <paramref name="fromUnixMs"/>, newest first (at most
    /// 2000).</summary>
    public static Task<List<JobRunRow>> RunsAsync(ClickHouseGateway db, long fromUnixMs, CancellationToken ct) =>
        db.QueryAsync("""
            SELECT job, status, toInt64(toUnixTimestamp64Milli(started_at)), toInt64(duration_ms), toInt64(rows_read),
                   lut_version, error, mapKeys(metrics), mapValues(metrics)
            FROM job_runs
            WHERE started_at >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
            ORDER BY started_at DESC
            LIMIT 2000
            """, new QueryParameters().Add("from", fromUnixMs), r =>
            {
                var keys = ((System.Collections.IEnumerable)r.GetValue(7)).Cast<object>().Select(k => (string)k)
                    .ToArray();
                var values = ((System.Collections.IEnumerable)r.GetValue(8)).Cast<object>()
                    .Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray();
                return new JobRunRow(r.GetString(0), r.GetString(1), DateTime.UnixEpoch.AddMilliseconds(r.GetInt64(2)),
                    r.GetInt64(3), r.GetInt64(4), r.GetString(5), r.GetString(6),
                    keys.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
            }, ct);

    /// <summary>
    /// Sends and lands per send-offset bin of <paramref name="binMs"/> ms: over all leaders (leader "*") and for each
    /// of <paramref name="leaders"/>, from <paramref name="relation"/> (<c>landing_events</c> or the view over a mapped
    /// table).
    /// </summary>
    public static async Task<List<PhaseBinRow>> PhaseBinsAsync(ClickHouseGateway db, QueryWindow window,
        IReadOnlyList<string> leaders, double binMs, CancellationToken ct, string relation = "landing_events")
    {
        var parameters = new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs)
            .Add("bin", binMs).Add("leaders", leaders.ToArray());
        var rows = await db.QueryAsync("""
            SELECT '*' AS l, floor(phase_offset_ms / {bin:Float64}) * {bin:Float64} AS b, toInt64(count()),
                   toInt64(sum(landed))
            FROM {landing}
            WHERE ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
              AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
            GROUP BY b
            UNION ALL
            SELECT toString(leader) AS l, floor(phase_offset_ms / {bin:Float64}) * {bin:Float64} AS b, toInt64(count()),
                   toInt64(sum(landed))
            FROM {landing}
            WHERE ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
              AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
              AND has({leaders:Array(String)}, toString(leader))
            GROUP BY l, b
            """.Replace("{landing}", relation, StringComparison.Ordinal), parameters,
            r => new PhaseBinRow(r.GetString(0), r.GetDouble(1), r.GetInt64(2), r.GetInt64(3)), ct);
        return rows.OrderBy(r => r.Leader, StringComparer.Ordinal).ThenBy(r => r.StartMs).ToList();
    }

    private static double[] Quantiles(object value) =>
        ((System.Collections.IEnumerable)value).Cast<object>()
            .Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray();

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);
}
