using MevAnalytics.Data.Connection;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// The job's two reads of <c>landing_events</c> over the window [from, to), the most recent slice flagged as holdout.
/// Both use only the public table name and plain aggregates, so they run unchanged on a Distributed table.
/// The optional half-life weight w = 2^(-age / half-life), age measured to the window end, is computed in the query.
/// </summary>
public static class CalibrationQueries
{
    private const string Decay =
        "if({half_life_ms:Float64} > 0, exp2(-dateDiff('millisecond', ts, {to:DateTime64(3, 'UTC')}) / {half_life_ms:Float64}), 1.0)";

    private const string Window = "ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}";

    /// <summary>
    /// Push-down: one scan, both targets (arrayJoin over {targets}), grouped by target, route, arm, holdout flag and the
    /// score quantized exactly as <c>ScoreBuckets.Quantize</c> (floor(s / r + 0.5) * r in Float64). Rows with a bad
    /// label (landed > 1, non-finite payoff) are kept out of the sums and counted; a non-finite score forms its own bucket.
    /// </summary>
    public const string PushDown = $$"""
        SELECT target, route, tip_arm, holdout, x,
               sumIf(w, NOT bad_y) AS w_sum, sumIf(w * y, NOT bad_y) AS y_sum, countIf(NOT bad_y) AS n, countIf(bad_y) AS bad,
               any(y) AS example_y
        FROM
        (
            SELECT arrayJoin({targets:Array(UInt8)}) AS target, route, tip_arm,
                   ts >= {holdout_from:DateTime64(3, 'UTC')} AS holdout,
                   if(target = 0, p_land_est, ev_est_sol) AS s,
                   if(target = 0, {res:Float64}, {ev_res:Float64}) AS r,
                   floor(s / r + 0.5) * r AS x,
                   if(target = 0, toFloat64(landed), payoff_sol) AS y,
                   {{Decay}} AS w,
                   (target = 0 AND landed > 1) OR NOT isFinite(y) AS bad_y
            FROM landing_events
            WHERE {{Window}}
        )
        GROUP BY target, route, tip_arm, holdout, x
        ORDER BY target, route, tip_arm, holdout, x
        """;

    /// <summary>Row count of the window (to preallocate the exact arrays).</summary>
    public const string Count = $"SELECT count() FROM landing_events WHERE {Window}";

    /// <summary>Exact: every row, sorted by score in ClickHouse (ties broken by time, route, arm for determinism).</summary>
    public const string Exact = $$"""
        SELECT p_land_est, landed, ev_est_sol, payoff_sol, {{Decay}} AS w, route, tip_arm, toUnixTimestamp64Milli(ts) AS ts_ms
        FROM landing_events
        WHERE {{Window}}
        ORDER BY p_land_est, ts_ms, route, tip_arm, landed
        """;

    /// <summary>Parameters of the window, holdout start, decay and resolutions.</summary>
    public static QueryParameters Parameters(DateTime from, DateTime to, DateTime holdoutFrom, CalibrationOptions options) =>
        new QueryParameters()
            .Add("from", from)
            .Add("to", to)
            .Add("holdout_from", holdoutFrom)
            .Add("half_life_ms", options.HalfLife is { } h ? h.TotalMilliseconds : 0.0)
            .Add("res", options.Resolution)
            .Add("ev_res", options.EvResolution)
            .Add("targets", options.FitEv ? new byte[] { 0, 1 } : new byte[] { 0 });
}
