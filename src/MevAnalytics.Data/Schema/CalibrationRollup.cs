using System.Globalization;
using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Data.Schema;

/// <summary>
/// <c>rollup_calibration_1d</c>: per UTC day x route x tip arm, the push-down calibrate job's buckets already counted,
/// so a window's whole days are read as aggregates instead of rows (and a cluster's shards send aggregates, not rows).
/// Target 0 holds p_land rows by slot k = 2 floor(score / 1e-4 + 0.5) + landed, target 1 EV rows by
/// k = floor(ev_est_sol / 1e-5 + 0.5) with their payoff sum; targets 2 and 3 count the rows the input rules refuse
/// for p_land and EV (k = 0). The buckets are those of the job's raw push-down query at the default
/// <c>Calibration:Resolution</c> and <c>EvResolution</c>, so counts read from here equal counts read from the rows:
/// the job uses a day only when its rollup holds as many rows as the raw table does for it, and reads the rest (the
/// window's partial days, the day the holdout starts in, a day the rollup misses) from the rows.
/// </summary>
public static class CalibrationRollup
{
    /// <summary>Public table name.</summary>
    public const string Table = "rollup_calibration_1d";

    /// <summary>Materialized view that fills it from <c>landing_events</c>.</summary>
    public const string View = "rollup_calibration_1d_mv";

    /// <summary>p_land bucket width the rollup counts by (the default <c>Calibration:Resolution</c>).</summary>
    public const double Resolution = 1e-4;

    /// <summary>EV bucket width in SOL the rollup counts by (the default <c>Calibration:EvResolution</c>).</summary>
    public const double EvResolution = 1e-5;

    /// <summary>Columns and engine: summed per key as parts merge.</summary>
    public const string ColumnsAndEngine = """
        (
            day        Date,
            route      LowCardinality(String),
            tip_arm    UInt8,
            target     UInt8,
            k          Int64,
            rows       UInt64,
            payoff_sum Float64
        )
        ENGINE = SummingMergeTree
        PARTITION BY day
        ORDER BY (route, tip_arm, target, day, k)
        """;

    /// <summary>
    /// The view's SELECT over <paramref name="source"/> (any relation with the <c>landing_events</c> columns
    /// <c>ts, route, tip_arm, p_land_est, landed, ev_est_sol, payoff_sol</c>): each row counts once as a p_land row
    /// and once as an EV row. Values the rules refuse are replaced by 0 before they are bucketed (a NaN cannot be
    /// converted to an integer).
    /// </summary>
    public static string Select(string source)
    {
        string r(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var pOk = $"{CalibrationInputRules.Score.Sql("p_land_est")} AND {CalibrationInputRules.Label.Sql("landed")}";
        var eOk = $"{CalibrationInputRules.EvEstimate.Sql("ev_est_sol")} AND " +
                  CalibrationInputRules.Payoff.Sql("payoff_sol");
        return $"""
            WITH {pOk} AS p_ok, {eOk} AS e_ok
            SELECT toDate(ts) AS day, route, tip_arm,
                   toUInt8(if(part = 0, if(p_ok, 0, 2), if(e_ok, 1, 3))) AS target,
                   multiIf(part = 0 AND p_ok,
                           2 * toInt64(floor(if(p_ok, p_land_est, 0) / {r(Resolution)} + 0.5)) + landed,
                           part = 1 AND e_ok, toInt64(floor(if(e_ok, ev_est_sol, 0) / {r(EvResolution)} + 0.5)),
                           0) AS k,
                   count() AS rows,
                   sum(if(part = 1 AND e_ok, payoff_sol, 0)) AS payoff_sum
            FROM {source}
            ARRAY JOIN [0, 1] AS part
            GROUP BY day, route, tip_arm, target, k
            """;
    }

    /// <summary>Migration 8: the rollup and its view on <c>landing_events</c> (shard-local on a cluster, like the
    /// other rollups).</summary>
    public static Migration Migration(SchemaLayout layout) => new(8, Table, [
        .. layout.Table(Table, ColumnsAndEngine),
        $"CREATE MATERIALIZED VIEW IF NOT EXISTS {layout.Storage(View)}{layout.OnCluster}\n" +
        $"TO {layout.Storage(Table)} AS\n{Select(layout.Storage("landing_events"))}",
        $"ALTER TABLE {layout.Storage(Table)}{layout.OnCluster} " +
        "MODIFY SETTING non_replicated_deduplication_window = 10000",
    ]);
}
