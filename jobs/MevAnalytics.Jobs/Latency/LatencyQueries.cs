using MevAnalytics.Data.Connection;
using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Latency;

namespace MevAnalytics.Jobs.Latency;

/// <summary>What the latency job reads: the 5-minute latency rollup merged per route x endpoint over a
/// window.</summary>
public static class LatencyQueries
{
    private const string PerEndpoint = """
        SELECT toString(route), toString(endpoint), toInt64(countMerge(samples)), toInt64(sumMerge(errors)),
               quantilesTDigestIfMerge(0.5, 0.9, 0.99, 0.999)(rtt) AS q,
               toFloat64(q[1]), toFloat64(q[2]), toFloat64(q[3]), toFloat64(q[4])
        FROM rollup_latency_5m
        WHERE bucket >= toDateTime(intDiv({from:Int64}, 1000), 'UTC')
          AND bucket < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
        GROUP BY route, endpoint
        ORDER BY route, endpoint
        """;

    /// <summary>Count, errors and t-digest p50/p90/p99/p99.9 of successful probes per route x endpoint (NaN quantiles
    /// when none succeeded).</summary>
    public static Task<List<EndpointLatencyRow>> PerEndpointAsync(ClickHouseGateway db, QueryWindow window,
        CancellationToken ct) =>
        db.QueryAsync(PerEndpoint, new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs),
            r => new EndpointLatencyRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3),
                r.GetDouble(5), r.GetDouble(6), r.GetDouble(7), r.GetDouble(8)), ct);
}
