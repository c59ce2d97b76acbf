namespace MevAnalytics.Data.Schema;

/// <summary>
/// <c>rollup_ope_5m</c>: per 5-minute bucket x route x tip arm x leader group, the sums off-policy evaluation needs
/// (u = 1 / propensity, land = landed, v = payoff - tip in SOL, each over the decisions usable for OPE) and the
/// decisions left out by reason. The target policy and the reward model are per (context, route, arm), so the
/// per-row importance weight is pi(action) u and every IPS, SNIPS and DR term (and the delta-method variances) is
/// pi or q times one of these sums: OPE from the rollup equals OPE from the raw rows of the same buckets.
/// </summary>
public static class OffPolicyRollup
{
    /// <summary>Public table name.</summary>
    public const string Table = "rollup_ope_5m";

    /// <summary>Materialized view that fills it from <c>landing_events</c>.</summary>
    public const string View = "rollup_ope_5m_mv";

    /// <summary>Columns (after <c>bucket, route, tip_arm, leader_group</c>) and engine.</summary>
    public const string ColumnsAndEngine = """
        (
            bucket                  DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
            route                   LowCardinality(String),
            tip_arm                 UInt8,
            leader_group            LowCardinality(String),
            decisions               AggregateFunction(sum, UInt64),
            sum_u                   AggregateFunction(sum, Float64),
            sum_u2                  AggregateFunction(sum, Float64),
            max_u                   AggregateFunction(max, Float64),
            land_sum                AggregateFunction(sum, Float64),
            land_u                  AggregateFunction(sum, Float64),
            land_u2                 AggregateFunction(sum, Float64),
            value_sum               AggregateFunction(sum, Float64),
            value_sq                AggregateFunction(sum, Float64),
            value_u                 AggregateFunction(sum, Float64),
            value_u2                AggregateFunction(sum, Float64),
            value_u2_sq             AggregateFunction(sum, Float64),
            skipped_no_route        AggregateFunction(sum, UInt64),
            skipped_payoff_nan      AggregateFunction(sum, UInt64),
            skipped_payoff_negative AggregateFunction(sum, UInt64),
            skipped_propensity      AggregateFunction(sum, UInt64)
        )
        ENGINE = AggregatingMergeTree
        PARTITION BY toDate(bucket)
        ORDER BY (route, tip_arm, leader_group, bucket)
        """;

    /// <summary>
    /// The view's SELECT over <paramref name="source"/>: any relation with the <c>landing_events</c> columns
    /// <c>ts, route, tip_arm, leader_group, propensity, landed, payoff_sol, tip_lamports</c> (the raw table, or a view
    /// mapping a deployment's own table onto those names). Row checks in the order of the per-row evaluator: route,
    /// payoff, then propensity. Terms of unusable rows are 0 so a NaN payoff never reaches a sum; land^2 = land, so
    /// the squares of land need no columns of their own.
    /// </summary>
    public static string Select(string source) => $"""
        WITH trimBoth(toString(route)) = '' AS no_route,
             NOT no_route AND isFinite(payoff_sol) AND payoff_sol >= 0 AS row_ok,
             propensity > 0 AND propensity <= 1 AS prop_ok,
             row_ok AND prop_ok AS ok,
             if(ok, 1 / propensity, 0) AS u,
             if(ok AND landed != 0, 1., 0.) AS land,
             if(ok, payoff_sol - toFloat64(tip_lamports) / 1e9, 0) AS v
        SELECT toStartOfFiveMinutes(ts) AS bucket, route, tip_arm, leader_group,
               sumState(toUInt64(ok)) AS decisions,
               sumState(u) AS sum_u, sumState(u * u) AS sum_u2, maxState(u) AS max_u,
               sumState(land) AS land_sum, sumState(u * land) AS land_u, sumState(u * u * land) AS land_u2,
               sumState(v) AS value_sum, sumState(v * v) AS value_sq, sumState(u * v) AS value_u,
               sumState(u * u * v) AS value_u2, sumState(u * u * v * v) AS value_u2_sq,
               sumState(toUInt64(no_route)) AS skipped_no_route,
               sumState(toUInt64(NOT no_route AND NOT isFinite(payoff_sol))) AS skipped_payoff_nan,
               sumState(toUInt64(NOT no_route AND isFinite(payoff_sol) AND payoff_sol < 0)) AS skipped_payoff_negative,
               sumState(toUInt64(row_ok AND NOT prop_ok)) AS skipped_propensity
        FROM {source}
        GROUP BY bucket, route, tip_arm, leader_group
        """;

    /// <summary>
    /// DDL of the materialized view <paramref name="view"/> writing <paramref name="layout"/>'s rollup storage
    /// from <paramref name="source"/> (see <see cref="Select"/>); the schema's own view reads the raw table's
    /// storage.
    /// </summary>
    public static string CreateView(SchemaLayout layout, string view, string source) => $"""
        CREATE MATERIALIZED VIEW IF NOT EXISTS {layout.Storage(view)}{layout.OnCluster}
        TO {layout.Storage(Table)} AS
        {Select(source)}
        """;

    /// <summary>Migration 7: the rollup, its view on <c>landing_events</c>
    /// and its insert deduplication window.</summary>
    public static Migration Migration(SchemaLayout layout) => new(7, Table, [
        .. layout.Table(Table, ColumnsAndEngine),
        // Like rollup_arm_5m: the view reads the shard-local rows and writes the shard-local rollup.
        CreateView(layout, View, layout.Storage("landing_events")),
        $"ALTER TABLE {layout.Storage(Table)}{layout.OnCluster} " +
        "MODIFY SETTING non_replicated_deduplication_window = 10000",
    ]);
}
