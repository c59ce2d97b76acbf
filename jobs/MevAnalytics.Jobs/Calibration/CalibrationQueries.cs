using MevAnalytics.Calibration.Validation;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// The job's two reads of <c>landing_events</c> over the window [from, to), the most recent slice flagged as holdout.
/// Both use only the public table name and plain aggregates, so they run unchanged on a Distributed table.
/// The optional half-life weight w = 2^(-age / half-life), age measured to the window end, is computed in the query.
/// <c>{landing}</c> stands for the relation read: <c>landing_events</c>, or the view over a mapped table
/// (docs/sources.md).
/// </summary>
public static class CalibrationQueries
{
    private const string Decay =
        "if({half_life_ms:Float64} > 0, exp2(-dateDiff('millisecond', ts, {to:DateTime64(3, 'UTC')}) / {half_life_ms:Float64}), 1.0)";

    private const string Window = "ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}";

    // The input rules (CalibrationInputRules) as SQL over landing_events' columns: one definition for every mode.
    private static readonly string ScoreOk = CalibrationInputRules.Score.Sql("p_land_est");
    private static readonly string LabelOk = CalibrationInputRules.Label.Sql("landed");
    private static readonly string EvOk = CalibrationInputRules.EvEstimate.Sql("ev_est_sol");
    private static readonly string PayoffOk = CalibrationInputRules.Payoff.Sql("payoff_sol");

    /// <summary>The columns <see cref="BadRows"/> reports on, in its column order, with the rule each must meet.</summary>
    public static readonly IReadOnlyList<(string Column, InputRule Rule)> Checked =
    [
        ("p_land_est", CalibrationInputRules.Score), ("landed", CalibrationInputRules.Label),
        ("ev_est_sol", CalibrationInputRules.EvEstimate), ("payoff_sol", CalibrationInputRules.Payoff),
    ];

    /// <summary>
    /// Bad rows of the window per checked column: how many break its rule, the first one's time and its value. Run only
    /// when the histogram and EV queries account for fewer rows than the window holds, so the common path scans once
    /// per target.
    /// </summary>
    public static readonly string BadRows =
        "SELECT " + string.Join(",\n       ", Checked.Select(c =>
            $"countIf(NOT {c.Rule.Sql(c.Column)}), toUnixTimestamp64Milli(minIf(ts, NOT {c.Rule.Sql(c.Column)})), " +
            $"toFloat64(argMinIf({c.Column}, ts, NOT {c.Rule.Sql(c.Column)}))")) +
        $"\nFROM {{landing}}\nWHERE {Window} AND NOT ({ScoreOk} AND {LabelOk} AND {EvOk} AND {PayoffOk})";

    /// <summary>
    /// Push-down p_land: per (route, arm, holdout flag) a histogram over the quantized score k = floor(s / r + 0.5)
    /// (exactly <c>ScoreBuckets.Quantize</c> = k * r, with k computed here and x = k * r in the job), slots 0..{slots}-1
    /// covering [0, 1], via -Resample: a direct-indexed array per group instead of a hash table of every
    /// (route, arm, holdout, bucket), which measured about 2x cheaper on 50 M rows. Without decay the weight sum is the
    /// count, so it is not computed twice. Bad rows get k = -1, which -Resample ignores; <c>rows</c> counts every row
    /// of the group so that the job notices them and asks <see cref="BadRows"/> which they are. The row projection stays a
    /// subquery: with the aggregation at the Distributed table's own level, ClickHouse 26.7 fails to merge the shards'
    /// -Resample states ("Conversion from AggregateFunction(countResample…) … is not supported") and the shard that
    /// sent them goes down, so on a cluster the projected rows travel to the node that aggregates them.
    /// </summary>
    private const string PLandTemplate = """
        SELECT route, tip_arm, holdout,
               countResample(0, {slots:Int64}, 1)(k) AS n,
               {w_sum} AS w_sum,
               sumResample(0, {slots:Int64}, 1)({w} * landed, k) AS y_sum,
               count() AS rows
        FROM
        (
            SELECT route, tip_arm, ts >= {holdout_from:DateTime64(3, 'UTC')} AS holdout,
                   if({ok}, toInt64(floor(p_land_est / {res:Float64} + 0.5)), -1) AS k,
                   landed, ts
            FROM {landing}
            WHERE {window}
        )
        GROUP BY route, tip_arm, holdout
        ORDER BY route, tip_arm, holdout
        """;

    /// <summary>Push-down EV: grouped by route, arm, holdout and k = floor(ev_est_sol / r + 0.5) (range unknown in advance).</summary>
    private const string EvTemplate = """
        SELECT route, tip_arm, ts >= {holdout_from:DateTime64(3, 'UTC')} AS holdout, toInt64(floor(ev_est_sol / {ev_res:Float64} + 0.5)) AS k,
               sum({w}) AS w_sum, sum({w} * payoff_sol) AS y_sum, count() AS n
        FROM {landing}
        WHERE {window} AND {ok}
        GROUP BY route, tip_arm, holdout, k
        ORDER BY route, tip_arm, holdout, k
        """;

    /// <summary>p_land push-down query; <paramref name="decay"/> picks the weighted text (the weight itself is a parameter).</summary>
    public static string PushDownPLand(bool decay) => PLandTemplate
        .Replace("{w_sum}", decay ? "sumResample(0, {slots:Int64}, 1)({w}, k)" : "countResample(0, {slots:Int64}, 1)(k)")
        .Replace("{w}", decay ? Decay : "1.0").Replace("{window}", Window).Replace("{ok}", $"{ScoreOk} AND {LabelOk}");

    /// <summary>EV push-down query.</summary>
    public static string PushDownEv(bool decay) =>
        EvTemplate.Replace("{w}", decay ? Decay : "1.0").Replace("{window}", Window).Replace("{ok}", $"{EvOk} AND {PayoffOk}");

    /// <summary>Histogram slots of the p_land push-down for resolution <paramref name="resolution"/>: k = 0 .. floor(1 / r + 0.5).</summary>
    public static long Slots(double resolution) => (long)Math.Floor(1 / resolution + 0.5) + 1;

    /// <summary>Row count of the window (to preallocate the exact arrays).</summary>
    public const string Count = $"SELECT count() FROM {{landing}} WHERE {Window}";

    /// <summary>Exact: every row, sorted by score in ClickHouse (ties broken by time, route, arm for determinism).</summary>
    public const string Exact = $$"""
        SELECT p_land_est, landed, ev_est_sol, payoff_sol, {{Decay}} AS w, route, tip_arm, toUnixTimestamp64Milli(ts) AS ts_ms
        FROM {landing}
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
            .Add("slots", Slots(options.Resolution));
}
