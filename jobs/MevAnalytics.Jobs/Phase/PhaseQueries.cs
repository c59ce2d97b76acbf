using MevAnalytics.Data.Connection;
using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Phase;

namespace MevAnalytics.Jobs.Phase;

/// <summary>
/// What the phase job reads: a per-leader 1 ms phase histogram aggregated in ClickHouse (for the cut-off fits) and
/// the most recent landed sends per leader with their land latency, capped with <c>LIMIT n BY leader</c> (for the
/// Kalman fits; ties in time are ordered by the other columns, so the same rows give the same sends in the same
/// order). Neither grows with the raw row count beyond leaders x 400 bins and leaders x n.
/// </summary>
public static class PhaseQueries
{
    private const string Histogram = """
        SELECT toString(leader), toFloat64(floor(phase_offset_ms)) AS bin, toInt64(count()), toInt64(sum(landed))
        FROM {landing}
        WHERE ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        GROUP BY leader, bin
        ORDER BY leader, bin
        """;

    private const string LandingTimes = """
        SELECT toString(leader), toInt64(toUnixTimestamp64Milli(ts)), toFloat64(phase_offset_ms),
               toFloat64(assumeNotNull(land_latency_ms))
        FROM {landing}
        WHERE ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
          AND landed = 1 AND land_latency_ms IS NOT NULL
        ORDER BY leader, ts DESC, phase_offset_ms, land_latency_ms
        LIMIT {n:UInt64} BY leader
        """;

    /// <summary>Sends and lands per leader x 1 ms phase bin in the window, from <paramref name="relation"/>
    /// (<c>landing_events</c> or the view over a mapped table).</summary>
    public static Task<List<PhaseHistogramRow>> HistogramAsync(ClickHouseGateway db, QueryWindow window,
        CancellationToken ct, string relation = "landing_events") =>
        db.QueryAsync(Histogram.Replace("{landing}", relation, StringComparison.Ordinal),
            new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs),
            r => new PhaseHistogramRow(r.GetString(0), r.GetDouble(1), r.GetInt64(2), r.GetInt64(3)), ct);

    /// <summary>The <paramref name="perLeader"/> most recent landed sends of each leader with their land
    /// latency.</summary>
    public static Task<List<PhaseSample>> LandingTimesAsync(ClickHouseGateway db, QueryWindow window, int perLeader,
        CancellationToken ct, string relation = "landing_events") =>
        db.QueryAsync(LandingTimes.Replace("{landing}", relation, StringComparison.Ordinal),
            new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs).Add("n", (ulong)perLeader),
            r => new PhaseSample(r.GetString(0), DateTime.UnixEpoch.AddMilliseconds(r.GetInt64(1)), r.GetDouble(2),
                true, r.GetDouble(3)), ct);
}
