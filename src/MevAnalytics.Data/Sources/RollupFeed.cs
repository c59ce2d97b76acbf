using MevAnalytics.Data.Schema;

namespace MevAnalytics.Data.Sources;

/// <summary>
/// How a source's rows become 5-minute rollup states: the same aggregation as the materialized views of migrations 3,
/// 4 and 7, over any relation with our column names (our table, a mapped table's SELECT). Used by the materialized view
/// on a mapped table and by <c>mev backfill</c>.
/// </summary>
/// <param name="Kind">The source it aggregates.</param>
/// <param name="Rollup">Rollup table.</param>
/// <param name="SourceView">Materialized view feeding <see cref="Rollup"/> from a mapped table.</param>
/// <param name="Aggregation">SELECT list and GROUP BY over our columns; <c>{rows}</c> is the relation read.</param>
public sealed record RollupFeed(SourceKind Kind, string Rollup, string SourceView, string Aggregation)
{
    /// <summary><c>rollup_arm_5m</c> from sends (migration 3's view).</summary>
    public static RollupFeed Arm { get; } = new(SourceKind.Landing, "rollup_arm_5m", "rollup_arm_5m_source_mv", """
        SELECT toStartOfFiveMinutes(ts) AS bucket, route, tip_arm, leader_group,
               countState() AS pulls,
               sumState(landed) AS lands,
               sumState(payoff_sol) AS payoff_sum,
               sumState(payoff_sol * payoff_sol) AS payoff_sq,
               sumState(tip_lamports) AS tip_sum
        FROM {rows}
        GROUP BY bucket, route, tip_arm, leader_group
        """);

    /// <summary><c>rollup_latency_5m</c> from probes (migration 4's view).</summary>
    public static RollupFeed Latency { get; } = new(SourceKind.Latency, "rollup_latency_5m",
        "rollup_latency_5m_source_mv", """
        SELECT toStartOfFiveMinutes(ts) AS bucket, route, endpoint,
               countState() AS samples,
               sumState(toUInt8(1 - ok)) AS errors,
               quantilesTDigestIfState(0.5, 0.9, 0.99, 0.999)(rtt_ms, ok) AS rtt
        FROM {rows}
        GROUP BY bucket, route, endpoint
        """);

    /// <summary><c>rollup_ope_5m</c> from sends (migration 7's view, <see cref="OffPolicyRollup"/>).</summary>
    public static RollupFeed OffPolicy { get; } = new(SourceKind.Landing, OffPolicyRollup.Table,
        "rollup_ope_5m_source_mv", OffPolicyRollup.Select("{rows}"));

    /// <summary><c>rollup_calibration_1d</c> from sends (migration 8's view,
    /// <see cref="CalibrationRollup"/>).</summary>
    public static RollupFeed Calibration { get; } = new(SourceKind.Landing, CalibrationRollup.Table,
        "rollup_calibration_1d_source_mv", CalibrationRollup.Select("{rows}"));

    /// <summary>Every feed.</summary>
    public static IReadOnlyList<RollupFeed> All { get; } = [Arm, OffPolicy, Calibration, Latency];

    /// <summary>The aggregation over <paramref name="rows"/> (a table name or a parenthesised SELECT).</summary>
    public string Over(string rows) => Aggregation.Replace("{rows}", rows, StringComparison.Ordinal);
}
