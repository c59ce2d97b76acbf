using MevAnalytics.Data.Connection;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Oracles.Offpolicy;

namespace MevAnalytics.Integration.Tests.Bandit;

/// <summary>
/// Reads logged decisions row by row, for the per-row OPE oracle the job's pushed-down sums are checked against
/// (the job itself never reads decision rows).
/// </summary>
public static class DecisionLogQuery
{
    private const string Decisions = """
        SELECT toString(leader_group), toString(route), toInt32(tip_arm), propensity, landed, payoff_sol,
               toFloat64(tip_lamports)
        FROM landing_events
        WHERE ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        ORDER BY ts DESC
        LIMIT {cap:UInt64}
        """;

    /// <summary>
    /// The most recent <paramref name="cap"/> logged decisions in <paramref name="window"/>. A propensity that is
    /// NaN, zero or outside (0, 1] is returned as missing, which the evaluator counts (and skips OPE on).
    /// </summary>
    public static Task<List<LoggedDecision>> RecentDecisionsAsync(ClickHouseGateway db, QueryWindow window, int cap,
        bool byLeaderGroup, CancellationToken ct) =>
        db.QueryAsync(Decisions,
            new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs).Add("cap", (ulong)cap),
            r =>
            {
                var propensity = r.GetDouble(3);
                return new LoggedDecision(byLeaderGroup ? r.GetString(0) : null, r.GetString(1), r.GetInt32(2),
                    propensity > 0 && propensity <= 1 ? propensity : null, Convert.ToInt32(r.GetValue(4)) != 0,
                    r.GetDouble(5), r.GetDouble(6));
            }, ct);
}
