using MevAnalytics.Calibration.Validation;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Schema;

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
        "if({half_life_ms:Float64} > 0, " +
        "exp2(-dateDiff('millisecond', ts, {to:DateTime64(3, 'UTC')}) / {half_life_ms:Float64}), 1.0)";

    private const string Window = "ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}";

    // The input rules (CalibrationInputRules) as SQL over landing_events' columns: one definition for every mode.
    private static readonly string ScoreOk = CalibrationInputRules.Score.Sql("p_land_est");
    private static readonly string LabelOk = CalibrationInputRules.Label.Sql("landed");
    private static readonly string EvOk = CalibrationInputRules.EvEstimate.Sql("ev_est_sol");
    private static readonly string PayoffOk = CalibrationInputRules.Payoff.Sql("payoff_sol");

    /// <summary>The columns <see cref="BadRows"/> reports on, in its column order, with the rule each must
    /// meet.</summary>
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
    /// The window's data span: rows, first and last send time; the push-down needs it for the holdout start. Days the
    /// window holds whole are asked by <c>toDate(ts)</c> alone, which the partitions of <c>landing_events</c> answer
    /// from their metadata (the implicit minmax_count projection) without reading a row; only the window's partial
    /// first and last day are scanned. The two parts are disjoint and together are exactly the window.
    /// </summary>
    public const string Span = $$"""
        SELECT sum(c), toUnixTimestamp64Milli(minIf(lo, c > 0)), toUnixTimestamp64Milli(maxIf(hi, c > 0))
        FROM
        (
            SELECT count() AS c, min(ts) AS lo, max(ts) AS hi
            FROM {{Landing}}
            WHERE toDate(ts) >= {whole_from:Date} AND toDate(ts) < {whole_to:Date}
            UNION ALL
            SELECT count(), min(ts), max(ts)
            FROM {{Landing}}
            WHERE {{Window}} AND (toDate(ts) < {whole_from:Date} OR toDate(ts) >= {whole_to:Date})
        )
        """;

    // Only a row the EV rules accept is bucketed: toInt64 of NaN throws (Code 70) and of 1e300 wraps.
    private const string EvBucket = "toInt64(floor(if(e_ok, ev_est_sol, 0) / {ev_res:Float64} + 0.5))";

    /// <summary>
    /// Most EV slots a histogram may have (3 arrays of 8 B, train and holdout: 3 MB per group); a wider range of EV
    /// estimates (a long tail) is aggregated by <see cref="PushDownEv"/> in a hash table instead.
    /// </summary>
    public const long MaxEvSlots = 65_536;

    /// <summary>EV slots of the one-scan push-down: bucket k goes to slot k mod this. Small enough that the histograms'
    /// states stay cheap to create and merge (65,536 measured 2x slower on 50 M rows).</summary>
    public const long EvWrapSlots = 4_096;

    /// <summary>
    /// Push-down in one scan of the window, grouped by (route, arm) in the table's sort order (no hash table): the
    /// p_land histogram over kp = 2 k + landed, k = floor(s / r + 0.5) (exactly <c>ScoreBuckets.Quantize</c> = k * r),
    /// slots covering [0, 1], so that one count gives both the rows and the landed rows of a bucket; the holdout rows
    /// count in a second half of the same array (kp + p_slots). When <paramref name="ev"/>, the EV histogram over
    /// k = floor(ev_est_sol / r_ev + 0.5) in slot k mod ev_mod (holdout: + ev_mod), with the group's lowest and highest
    /// k: when they are less than ev_mod apart, slot and k correspond one to one, and the query returns each half
    /// from the lowest k on; otherwise the halves are empty and the reader asks again with a wider ev_mod (or
    /// <see cref="PushDownEv"/>). So the EV range needs no scan of its own. Rows a target's rules reject get slot -1,
    /// which -Resample ignores; <c>rows</c> and the histograms' counts tell the job to ask <see cref="BadRows"/>.
    /// On a cluster each shard finishes its own histograms and the reader adds them (ClickHouse 26.7 cannot merge the
    /// shards' -Resample states: "Conversion from AggregateFunction(countResample…) … is not supported"), so only
    /// aggregates travel. Without decay the weight sums are the counts and are not computed.
    /// Columns: route, tip_arm, rows, then with <paramref name="pland"/> p_n (and p_w), each 2 p_slots long; then with
    /// <paramref name="ev"/> e_rows, e_min, e_max and per half (train, holdout) n, (w,) y from k = e_min.
    /// </summary>
    public static string PushDown(bool decay, bool pland, bool ev) => PushDown(decay, pland, ev, -1);

    /// <summary><see cref="PushDown(bool, bool, bool)"/> over the parts of the window the daily rollup does not
    /// cover: rows with <c>ts</c> in one of <paramref name="rawIntervals"/> intervals
    /// [<c>raw_from_i</c>, <c>raw_to_i</c>) (parameters; none when negative: the whole window).</summary>
    public static string PushDown(bool decay, bool pland, bool ev, int rawIntervals)
    {
        var columns = new List<string> { "route", "tip_arm", "ts >= {holdout_from:DateTime64(3, 'UTC')} AS holdout" };
        var aggregates = new List<string> { "count() AS rows" };
        var outputs = new List<string> { "route", "tip_arm", "rows" };
        if (decay) columns.Add(Decay + " AS w");
        if (pland)
        {
            columns.Add($"if({ScoreOk} AND {LabelOk}, 2 * toInt64(floor(p_land_est / {{res:Float64}} + 0.5)) + landed" +
                        " + holdout * {p_slots:Int64}, -1) AS kp");
            const string range = "(0, {p_end:Int64}, 1)";
            if (decay)
            {
                aggregates.Add($"sumCountResample{range}(w, kp) AS p_wn");
                outputs.Add("arrayMap(t -> t.2, p_wn) AS p_n");
                outputs.Add("arrayMap(t -> t.1, p_wn) AS p_w");
            }
            else
            {
                aggregates.Add($"countResample{range}(kp) AS p_n");
                outputs.Add("p_n");
            }
        }
        if (ev)
        {
            columns.Add($"{EvOk} AND {PayoffOk} AS e_ok");
            columns.Add($"{EvBucket} AS ek");
            columns.Add("if(e_ok, bitAnd(ek, {ev_mod:Int64} - 1) + holdout * {ev_mod:Int64}, -1) AS ke");
            columns.Add("payoff_sol");
            const string range = "(0, {ev_end:Int64}, 1)";
            aggregates.Add("minIf(ek, e_ok) AS e_min");
            aggregates.Add("maxIf(ek, e_ok) AS e_max");
            aggregates.Add($"sumCountResample{range}({(decay ? "w" : "payoff_sol")}, ke) AS e_sn");
            if (decay) aggregates.Add($"sumResample{range}(w * payoff_sol, ke) AS e_wy");
            // The EV rows are the histogram's count over all its slots (rows outside them have slot -1): no
            // countIf of its own per row (measured 3% of the query's CPU).
            outputs.AddRange(["arraySum(arrayMap(t -> t.2, e_sn)) AS e_rows", "e_min", "e_max"]);
            foreach (var half in new[] { 0, 1 })
            {
                outputs.Add($"arrayMap(t -> t.2, {Half("e_sn", half)}) AS e_n{half}");
                if (decay)
                {
                    outputs.Add($"arrayMap(t -> t.1, {Half("e_sn", half)}) AS e_w{half}");
                    outputs.Add($"{Half("e_wy", half)} AS e_y{half}");
                }
                else outputs.Add($"arrayMap(t -> t.1, {Half("e_sn", half)}) AS e_y{half}");
            }
        }
        return Histograms(outputs, aggregates, columns, Landing, Window + RawIntervals(rawIntervals));
    }

    // The per-row expressions are WITH aliases of the aggregation that reads the table itself, so that on a cluster
    // each shard aggregates its own rows and sends one row per (route, arm) with finished histograms
    // (distributed_group_by_no_merge: ClickHouse 26.7 cannot merge the shards' -Resample states, and the shard that
    // sent them went down); the reader adds the shards' rows of a group (PushDownHistograms.Combine). On one node the
    // setting changes nothing.
    private static string Histograms(List<string> outputs, List<string> aggregates, List<string> columns,
        string relation, string where) => $"""
        SELECT {string.Join(",\n       ", outputs)}
        FROM
        (
            WITH {string.Join(",\n                 ", columns.Where(c => c.Contains(" AS ", StringComparison.Ordinal)))}
            SELECT route, tip_arm,
                   {string.Join(",\n           ", aggregates)}
            FROM {relation}
            WHERE {where}
            GROUP BY route, tip_arm
        )
        ORDER BY route, tip_arm
        SETTINGS optimize_aggregation_in_order = 1, distributed_group_by_no_merge = 1, {CompileNow}
        """;

    private const string RolledDays =
        "day >= {rolled_from:Date} AND day < {rolled_to:Date} AND has({rolled:Array(Date)}, day)";

    private static string RawIntervals(int count) => count < 0 ? "" :
        " AND (" + string.Join(" OR ", Enumerable.Range(0, count).Select(i =>
            $"(ts >= {{raw_from_{i}:DateTime64(3, 'UTC')}} AND ts < {{raw_to_{i}:DateTime64(3, 'UTC')}})")) + ")";

    /// <summary>Rows per whole day of the window in the relation read (answered from the partitions' metadata) and
    /// in the daily rollup, for the days [<c>whole_from</c>, <c>whole_to</c>): a day whose two counts agree is read
    /// from the rollup.</summary>
    public const string DayCounts = $$"""
        SELECT d, sum(raw), sum(rolled)
        FROM
        (
            SELECT toDate(ts) AS d, count() AS raw, toUInt64(0) AS rolled
            FROM {{Landing}}
            WHERE toDate(ts) >= {whole_from:Date} AND toDate(ts) < {whole_to:Date}
            GROUP BY d
            UNION ALL
            SELECT day, toUInt64(0), sum(rows)
            FROM {{CalibrationRollup.Table}}
            WHERE day >= {whole_from:Date} AND day < {whole_to:Date} AND target IN (0, 2)
            GROUP BY day
        )
        GROUP BY d
        ORDER BY d
        """;

    /// <summary>
    /// The columns of <see cref="PushDown(bool, bool, bool)"/> without decay, from the daily rollup for the days
    /// <c>rolled</c> (whole days of the window, none holding the holdout start: a day is holdout when it starts at or
    /// after <c>holdout_day</c>). The rollup's slots are the query's (<see cref="CalibrationRollup"/>), so its counts
    /// and payoff sums add to those of the rows read for the other days.
    /// </summary>
    public static string RollupPushDown(bool pland, bool ev)
    {
        var columns = new List<string> { "rows AS n", "day >= {holdout_day:Date} AS holdout" };
        var aggregates = new List<string> { "sumIf(n, target IN (0, 2)) AS n_rows" };
        var outputs = new List<string> { "route", "tip_arm", "n_rows" };
        if (pland)
        {
            columns.Add("if(target = 0, k + holdout * {p_slots:Int64}, -1) AS kp");
            aggregates.Add("sumResample(0, {p_end:Int64}, 1)(n, kp) AS p_n");
            outputs.Add("p_n");
        }
        if (ev)
        {
            columns.Add("if(target = 1, bitAnd(k, {ev_mod:Int64} - 1) + holdout * {ev_mod:Int64}, -1) AS ke");
            const string range = "(0, {ev_end:Int64}, 1)";
            aggregates.Add("minIf(k, target = 1) AS e_min");
            aggregates.Add("maxIf(k, target = 1) AS e_max");
            aggregates.Add($"sumResample{range}(n, ke) AS e_cnt");
            aggregates.Add($"sumResample{range}(payoff_sum, ke) AS e_pay");
            outputs.AddRange(["arraySum(e_cnt) AS e_rows", "e_min", "e_max"]);
            foreach (var half in new[] { 0, 1 })
            {
                outputs.Add($"{Half("e_cnt", half)} AS e_n{half}");
                outputs.Add($"{Half("e_pay", half)} AS e_y{half}");
            }
        }
        return Histograms(outputs, aggregates, columns, CalibrationRollup.Table, RolledDays);
    }

    // Slots of k = e_min .. e_max of one half (0 train, 1 holdout) of a wrapped EV histogram, in order of k; empty when
    // the range does not fit ev_mod.
    private static string Half(string histogram, int half) =>
        $"arraySlice(arrayConcat(arraySlice({histogram}, {half} * {{ev_mod:Int64}} + 1, {{ev_mod:Int64}}), " +
        $"arraySlice({histogram}, {half} * {{ev_mod:Int64}} + 1, {{ev_mod:Int64}})), " +
        "bitAnd(e_min, {ev_mod:Int64} - 1) + 1, " +
        "if(e_max - e_min < {ev_mod:Int64}, e_max - e_min + 1, 0))";

    /// <summary>
    /// Settings that have ClickHouse compile the query's expressions and aggregates to machine code on first use. By
    /// default it compiles an expression only once it has been seen 3 times, which a job run once per schedule with
    /// new window bounds rarely reaches: measured on 50 M rows in a fresh engine, the push-down query took 4.2-5.1 s
    /// of CPU interpreted and 3.6-4.2 s compiled (the first run included the compilation).
    /// </summary>
    private const string CompileNow =
        "min_count_to_compile_expression = 0, min_count_to_compile_aggregate_expression = 0";

    /// <summary>Push-down EV when its range is too wide for <see cref="PushDown(bool, bool, bool)"/>: grouped by
    /// route, arm, holdout and k = floor(ev_est_sol / r + 0.5) in a hash table (a second scan).</summary>
    private const string EvTemplate = """
        SELECT route, tip_arm, ts >= {holdout_from:DateTime64(3, 'UTC')} AS holdout,
               toInt64(floor(ev_est_sol / {ev_res:Float64} + 0.5)) AS k,
               sum({w}) AS w_sum, sum({w} * payoff_sol) AS y_sum, count() AS n
        FROM {landing}
        WHERE {window} AND {ok}
        GROUP BY route, tip_arm, holdout, k
        ORDER BY route, tip_arm, holdout, k
        SETTINGS {compile}
        """;

    /// <summary>EV push-down query.</summary>
    public static string PushDownEv(bool decay) =>
        EvTemplate.Replace("{w}", decay ? Decay : "1.0").Replace("{window}", Window)
            .Replace("{ok}", $"{EvOk} AND {PayoffOk}").Replace("{compile}", CompileNow);

    /// <summary>Score buckets of the p_land push-down for resolution <paramref name="resolution"/>:
    /// k = 0 .. floor(1 / r + 0.5).</summary>
    public static long Slots(double resolution) => (long)Math.Floor(1 / resolution + 0.5) + 1;

    /// <summary>Row count of the window (to preallocate the exact arrays).</summary>
    public const string Count = $"SELECT count() FROM {{landing}} WHERE {Window}";

    /// <summary>Exact: every row, sorted by score in ClickHouse (ties broken by time, route, arm for
    /// determinism).</summary>
    public const string Exact = $$"""
        SELECT p_land_est, landed, ev_est_sol, payoff_sol, {{Decay}} AS w, route, tip_arm,
               toUnixTimestamp64Milli(ts) AS ts_ms
        FROM {landing}
        WHERE {{Window}}
        ORDER BY p_land_est, ts_ms, route, tip_arm, landed
        """;

    /// <summary>Parameters of the window, holdout start, decay, resolutions and histogram slots (EV: bucket k in slot
    /// k mod <paramref name="evMod"/>, a power of two).</summary>
    public static QueryParameters Parameters(DateTime from, DateTime to, DateTime holdoutFrom,
        CalibrationOptions options, long evMod = EvWrapSlots)
    {
        var wholeFrom = from == from.Date ? from.Date : from.Date.AddDays(1);
        return new QueryParameters()
            .Add("from", from)
            .Add("to", to)
            .Add("whole_from", wholeFrom)
            .Add("whole_to", to.Date < wholeFrom ? wholeFrom : to.Date)
            .Add("holdout_from", holdoutFrom)
            .Add("half_life_ms", options.HalfLife is { } h ? h.TotalMilliseconds : 0.0)
            .Add("res", options.Resolution)
            .Add("ev_res", options.EvResolution)
            .Add("p_slots", 2 * Slots(options.Resolution))
            .Add("p_end", 4 * Slots(options.Resolution))
            .Add("ev_mod", evMod)
            .Add("ev_end", 2 * evMod);
    }
}
