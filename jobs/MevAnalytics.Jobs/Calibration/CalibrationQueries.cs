using MevAnalytics.Calibration.Validation;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// The job's reads of <c>landing_events</c> over the window [from, to), the most recent slice flagged as holdout: the
/// span, then one scan for both targets (push-down) or every row (exact). All use only the public table name and
/// plain aggregates, so they run unchanged on a Distributed table.
/// The optional half-life weight w = 2^(-age / half-life), age measured to the window end, is computed in the query.
/// </summary>
public static class CalibrationQueries
{
    /// <summary>Stands for the relation read: <c>landing_events</c>, or the view over a mapped table
    /// (docs/sources.md); the reader replaces it.</summary>
    public const string Landing = "{landing}";

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
    /// when the histograms account for fewer rows than the window holds, so the common path does not scan for them.
    /// </summary>
    public static readonly string BadRows =
        "SELECT " + string.Join(",\n       ", Checked.Select(c =>
            $"countIf(NOT {c.Rule.Sql(c.Column)}), toUnixTimestamp64Milli(minIf(ts, NOT {c.Rule.Sql(c.Column)})), " +
            $"toFloat64(argMinIf({c.Column}, ts, NOT {c.Rule.Sql(c.Column)}))")) +
        $"\nFROM {{landing}}\nWHERE {Window} AND NOT ({ScoreOk} AND {LabelOk} AND {EvOk} AND {PayoffOk})";

    /// <summary>
    /// The window's data span: rows, first and last send time; with <paramref name="evRange"/> also the rows with an
    /// EV estimate and the lowest and highest k = floor(ev_est_sol / r + 0.5) among them. The push-down needs the span
    /// for the holdout start and the range to lay out the EV histogram of <see cref="PushDown"/>.
    /// </summary>
    public static string Span(bool evRange) => $"""
        SELECT count(), toUnixTimestamp64Milli(min(ts)), toUnixTimestamp64Milli(max(ts)){(evRange ? $",\n       " +
            $"countIf({EvOk}), minIf({EvBucket}, {EvOk}), maxIf({EvBucket}, {EvOk})" : "")}
        FROM {Landing}
        WHERE {Window}
        """;

    private const string EvBucket = "toInt64(floor(ev_est_sol / {ev_res:Float64} + 0.5))";

    /// <summary>
    /// Most EV slots a group's histogram may have in the one-scan push-down (3 arrays of 8 B each: 1.5 MB per group);
    /// a wider range of EV estimates (a long tail) is aggregated by <see cref="PushDownEv"/> in a second scan instead.
    /// </summary>
    public const long MaxEvSlots = 65_536;

    /// <summary>
    /// Push-down in one scan of the window: per (route, arm, holdout flag) the p_land histogram over
    /// kp = 2 k + landed, k = floor(s / r + 0.5) (exactly <c>ScoreBuckets.Quantize</c> = k * r), slots covering [0, 1],
    /// so that one count gives both the rows and the landed rows of a bucket; and, when <paramref name="ev"/>, the EV
    /// histogram over k = floor(ev_est_sol / r_ev + 0.5) in [ev_from, ev_to) (the range <see cref="Span"/> found).
    /// -Resample keeps a direct-indexed array per group instead of a hash table of every (route, arm, holdout,
    /// bucket), which measured about 2x cheaper on 50 M rows, and one GROUP BY serves both targets, so the columns are
    /// read and the groups found once. Rows a target's rules reject get a slot outside its range, which -Resample
    /// ignores; <c>rows</c> and <c>ev_rows</c> count them so the job notices and asks <see cref="BadRows"/> which they
    /// are. The row projection stays a subquery: with the aggregation at the Distributed table's own level, ClickHouse
    /// 26.7 fails to merge the shards' -Resample states ("Conversion from AggregateFunction(countResample…) … is
    /// not supported") and the shard that sent them goes down, so on a cluster the projected rows travel to the node
    /// that aggregates them. Without decay the weight sums are the counts and are not computed.
    /// </summary>
    public static string PushDown(bool decay, bool ev)
    {
        var aggregates = new List<string> { "countResample(0, {p_slots:Int64}, 1)(kp) AS p_n" };
        var columns = new List<string>
        {
            "route", "tip_arm", "ts >= {holdout_from:DateTime64(3, 'UTC')} AS holdout",
            $"if({ScoreOk} AND {LabelOk}, 2 * toInt64(floor(p_land_est / {{res:Float64}} + 0.5)) + landed, -1) AS kp",
        };
        if (decay)
        {
            aggregates.Add("sumResample(0, {p_slots:Int64}, 1)(w, kp) AS p_w");
            columns.Add(Decay + " AS w");
        }
        if (ev)
        {
            const string range = "{ev_from:Int64}, {ev_to:Int64}, 1";
            aggregates.Add($"countResample({range})(ke) AS e_n");
            if (decay) aggregates.Add($"sumResample({range})(w, ke) AS e_w");
            aggregates.Add($"sumResample({range})({(decay ? "w * payoff_sol" : "payoff_sol")}, ke) AS e_y");
            aggregates.Add("countIf(e_ok) AS e_rows");
            columns.Add($"{EvOk} AND {PayoffOk} AS e_ok");
            columns.Add($"if(e_ok, {EvBucket}, {{ev_from:Int64}} - 1) AS ke");
            columns.Add("payoff_sol");
        }
        aggregates.Add("count() AS rows");
        return $"""
            SELECT route, tip_arm, holdout,
                   {string.Join(",\n       ", aggregates)}
            FROM
            (
                SELECT {string.Join(",\n           ", columns)}
                FROM {Landing}
                WHERE {Window}
            )
            GROUP BY route, tip_arm, holdout
            ORDER BY route, tip_arm, holdout
            """;
    }

    /// <summary>Push-down EV when its range is too wide for <see cref="PushDown"/>: grouped by route, arm, holdout and
    /// k = floor(ev_est_sol / r + 0.5) in a hash table (a second scan).</summary>
    private const string EvTemplate = """
        SELECT route, tip_arm, ts >= {holdout_from:DateTime64(3, 'UTC')} AS holdout, toInt64(floor(ev_est_sol / {ev_res:Float64} + 0.5)) AS k,
               sum({w}) AS w_sum, sum({w} * payoff_sol) AS y_sum, count() AS n
        FROM {landing}
        WHERE {window} AND {ok}
        GROUP BY route, tip_arm, holdout, k
        ORDER BY route, tip_arm, holdout, k
        """;

    /// <summary>EV push-down query.</summary>
    public static string PushDownEv(bool decay) =>
        EvTemplate.Replace("{w}", decay ? Decay : "1.0").Replace("{window}", Window).Replace("{ok}", $"{EvOk} AND {PayoffOk}");

    /// <summary>Score buckets of the p_land push-down for resolution <paramref name="resolution"/>:
    /// k = 0 .. floor(1 / r + 0.5).</summary>
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

    /// <summary>Parameters of the window, holdout start, decay, resolutions and histogram slots
    /// (EV: [evFrom, evTo)).</summary>
    public static QueryParameters Parameters(DateTime from, DateTime to, DateTime holdoutFrom,
        CalibrationOptions options, long evFrom = 0, long evTo = 0) =>
        new QueryParameters()
            .Add("from", from)
            .Add("to", to)
            .Add("holdout_from", holdoutFrom)
            .Add("half_life_ms", options.HalfLife is { } h ? h.TotalMilliseconds : 0.0)
            .Add("res", options.Resolution)
            .Add("ev_res", options.EvResolution)
            .Add("p_slots", 2 * Slots(options.Resolution))
            .Add("ev_from", evFrom)
            .Add("ev_to", evTo);
}
