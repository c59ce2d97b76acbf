using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Jobs.Bandit;

/// <summary>
/// What the bandit job reads: merged 5-minute arm rollups (never raw rows) and a capped recent slice of logged
/// decisions for off-policy evaluation. Public table names only, so the same SQL runs on a Distributed cluster.
/// </summary>
public static class BanditQueries
{
    private const string RollupByArm = """
        SELECT toInt64(toUnixTimestamp(bucket)) AS b, toString(route), toInt32(tip_arm), '' AS leader_group,
               toInt64(countMerge(pulls)), toInt64(sumMerge(lands)), sumMerge(payoff_sum), sumMerge(payoff_sq),
               toFloat64(sumMerge(tip_sum))
        FROM rollup_arm_5m
        WHERE bucket >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND bucket < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
        GROUP BY bucket, route, tip_arm
        ORDER BY route, tip_arm, bucket
        """;

    private const string RollupByArmAndLeaderGroup = """
        SELECT toInt64(toUnixTimestamp(bucket)) AS b, toString(route), toInt32(tip_arm), toString(leader_group),
               toInt64(countMerge(pulls)), toInt64(sumMerge(lands)), sumMerge(payoff_sum), sumMerge(payoff_sq),
               toFloat64(sumMerge(tip_sum))
        FROM rollup_arm_5m
        WHERE bucket >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND bucket < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
        GROUP BY bucket, route, tip_arm, leader_group
        ORDER BY route, tip_arm, leader_group, bucket
        """;

    private const string Decisions = """
        SELECT toString(leader_group), toString(route), toInt32(tip_arm), propensity, landed, payoff_sol, toFloat64(tip_lamports)
        FROM landing_events
        WHERE ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        ORDER BY ts DESC
        LIMIT {cap:UInt64}
        """;

    /// <summary>Rollup rows in <paramref name="window"/>, merged per bucket x route x tip arm (x leader group).</summary>
    public static Task<List<ArmRollupRow>> ArmRollupAsync(ClickHouseGateway db, QueryWindow window, bool byLeaderGroup, CancellationToken ct) =>
        db.QueryAsync(byLeaderGroup ? RollupByArmAndLeaderGroup : RollupByArm,
            new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs),
            r => new ArmRollupRow(DateTime.UnixEpoch.AddSeconds(r.GetInt64(0)), r.GetString(1), r.GetInt32(2),
                byLeaderGroup ? r.GetString(3) : null, r.GetInt64(4), r.GetInt64(5), r.GetDouble(6), r.GetDouble(7), r.GetDouble(8)), ct);

    /// <summary>
    /// The most recent <paramref name="cap"/> logged decisions in <paramref name="window"/>. A propensity that is
    /// NaN, zero or outside (0, 1] is returned as missing, which the evaluator counts (and skips OPE on).
    /// </summary>
    public static Task<List<LoggedDecision>> RecentDecisionsAsync(ClickHouseGateway db, QueryWindow window, int cap, bool byLeaderGroup, CancellationToken ct) =>
        db.QueryAsync(Decisions,
            new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs).Add("cap", (ulong)cap),
            r =>
            {
                var propensity = r.GetDouble(3);
                return new LoggedDecision(byLeaderGroup ? r.GetString(0) : null, r.GetString(1), r.GetInt32(2),
                    propensity > 0 && propensity <= 1 ? propensity : null, Convert.ToInt32(r.GetValue(4)) != 0, r.GetDouble(5), r.GetDouble(6));
            }, ct);
}
