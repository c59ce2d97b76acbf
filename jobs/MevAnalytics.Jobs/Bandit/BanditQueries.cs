using MevAnalytics.Jobs.Running;
using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Jobs.Bandit;

/// <summary>
/// What the bandit job reads: merged 5-minute arm rollups (never raw rows) and, for off-policy evaluation, the
/// recent slice of logged decisions reduced in ClickHouse to one row of sums per action. Public table names only, so
/// the same SQL runs on a Distributed cluster.
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

    // Decay pushed down: per bucket the states are merged and checked, then each arm's valid buckets are summed with
    // weights w = 2^(-(as-of - bucket) / half-life). Invalid buckets are counted by reason, with the precedence of
    // ArmDecay's row checks, so the summary says what was left out. {lg} is '' or leader_group (structure, not a value).
    private const string WeightedSumsTemplate = """
        SELECT route, arm, lg, toInt32(countIf(ok)), toInt64(maxIf(b, ok)),
               sumIf(w * pulls, ok), sumIf(w * w * pulls, ok), sumIf(w * lands, ok), sumIf(w * w * lands, ok),
               sumIf(w * payoff, ok), sumIf(w * payoff_sq, ok), sumIf(w * tip, ok),
               toInt32(countIf(lands > pulls)),
               toInt32(countIf(lands <= pulls AND NOT isFinite(payoff))),
               toInt32(countIf(lands <= pulls AND isFinite(payoff) AND payoff < 0)),
               toInt32(countIf(lands <= pulls AND isFinite(payoff) AND payoff > 0 AND lands = 0)),
               toInt32(countIf(lands <= pulls AND isFinite(payoff) AND payoff >= 0 AND NOT (lands = 0 AND payoff > 0)
                               AND NOT (isFinite(payoff_sq) AND payoff_sq >= 0))),
               toInt64(sumIf(pulls, ok))
        FROM
        (
            SELECT toString(route) AS route, toInt32(tip_arm) AS arm, {lg} AS lg, toInt64(toUnixTimestamp(bucket)) AS b,
                   toFloat64(countMerge(pulls)) AS pulls, toFloat64(sumMerge(lands)) AS lands,
                   sumMerge(payoff_sum) AS payoff, sumMerge(payoff_sq) AS payoff_sq, toFloat64(sumMerge(tip_sum)) AS tip,
                   exp2(-(intDiv({to:Int64}, 1000) - b) / {halfLife:Float64}) AS w,
                   lands <= pulls AND isFinite(payoff) AND payoff >= 0 AND NOT (lands = 0 AND payoff > 0)
                       AND isFinite(payoff_sq) AND payoff_sq >= 0 AS ok
            FROM rollup_arm_5m
            WHERE bucket >= toDateTime(intDiv({from:Int64}, 1000), 'UTC') AND bucket < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
            GROUP BY route, arm, lg, bucket
        )
        GROUP BY route, arm, lg
        ORDER BY route, arm, lg
        """;

    private static readonly string[] InvalidReasons =
    [
        "Lands exceeds pulls", "PayoffSum is not finite", "PayoffSum is negative", "PayoffSum is positive without lands",
        "PayoffSumSquares is not finite or negative",
    ];

    // OPE pushed down: per action the sums AggregateOffPolicyEvaluator needs (u = 1/propensity, r = landed and
    // EV = payoff - tip in SOL), and per action the decisions left out by reason, with the precedence of
    // the per-row evaluator (route, payoff, then propensity; tip_lamports is UInt64, never bad).
    // {lg} is '' or leader_group (structure, not a value).
    // One level, the row expressions as WITH aliases: on a cluster the GROUP BY then runs on the shards and only per-action
    // sums travel (a projection subquery would ship every decision to the initiator).
    private const string DecisionSumsTemplate = """
        WITH toString(route) AS r, payoff_sol AS payoff,
             trimBoth(r) = '' AS no_route,
             NOT no_route AND isFinite(payoff) AND payoff >= 0 AS row_ok,
             propensity > 0 AND propensity <= 1 AS prop_ok,
             row_ok AND prop_ok AS ok,
             if(prop_ok, 1 / propensity, 0) AS u,
             if(landed != 0, 1., 0.) AS land,
             payoff - toFloat64(tip_lamports) / 1e9 AS v
        SELECT {lg} AS ctx, r, toInt32(tip_arm) AS arm, toInt64(countIf(ok)), sumIf(u, ok), sumIf(u * u, ok), maxIf(u, ok),
               sumIf(land, ok), sumIf(land * land, ok), sumIf(u * land, ok), sumIf(u * u * land, ok), sumIf(u * u * land * land, ok),
               sumIf(v, ok), sumIf(v * v, ok), sumIf(u * v, ok), sumIf(u * u * v, ok), sumIf(u * u * v * v, ok),
               toInt64(countIf(no_route)), toInt64(countIf(NOT no_route AND NOT isFinite(payoff))),
               toInt64(countIf(NOT no_route AND isFinite(payoff) AND payoff < 0)), toInt64(countIf(row_ok AND NOT prop_ok))
        FROM {landing}
        WHERE ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
        GROUP BY ctx, r, arm
        ORDER BY ctx, r, arm
        """;

    private static readonly string[] DecisionSkipReasons =
        ["Route is empty", "PayoffSol is not finite", "PayoffSol is negative", LoggedDecisionSums.MissingPropensity];

    /// <summary>Rollup rows in <paramref name="window"/>, merged per bucket x route x tip arm (x leader group).</summary>
    public static Task<List<ArmRollupRow>> ArmRollupAsync(ClickHouseGateway db, QueryWindow window, bool byLeaderGroup, CancellationToken ct) =>
        db.QueryAsync(byLeaderGroup ? RollupByArmAndLeaderGroup : RollupByArm,
            new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs),
            r => new ArmRollupRow(DateTime.UnixEpoch.AddSeconds(r.GetInt64(0)), r.GetString(1), r.GetInt32(2),
                byLeaderGroup ? r.GetString(3) : null, r.GetInt64(4), r.GetInt64(5), r.GetDouble(6), r.GetDouble(7), r.GetDouble(8)), ct);

    /// <summary>
    /// Per arm, the decay-weighted sums of its valid buckets in <paramref name="window"/> (weights relative to the window's
    /// end), and counts of invalid buckets by reason: one row per arm however long the window. Also the sends in valid buckets.
    /// </summary>
    public static async Task<(List<ArmWeightedSums> Arms, long Sends)> ArmWeightedSumsAsync(ClickHouseGateway db, QueryWindow window, TimeSpan halfLife,
        bool byLeaderGroup, CancellationToken ct)
    {
        var rows = await db.QueryAsync(WeightedSumsTemplate.Replace("{lg}", byLeaderGroup ? "toString(leader_group)" : "''"),
            new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs).Add("halfLife", halfLife.TotalSeconds),
            r =>
            {
                var invalid = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < InvalidReasons.Length; i++) invalid[InvalidReasons[i]] = r.GetInt32(12 + i);
                var buckets = r.GetInt32(3);
                return (Sums: new ArmWeightedSums(new ArmKey(r.GetString(0), r.GetInt32(1), byLeaderGroup ? r.GetString(2) : null), buckets,
                    buckets > 0 ? DateTime.UnixEpoch.AddSeconds(r.GetInt64(4)) : default,
                    r.GetDouble(5), r.GetDouble(6), r.GetDouble(7), r.GetDouble(8), r.GetDouble(9), r.GetDouble(10), r.GetDouble(11), invalid),
                    Sends: r.GetInt64(17));
            }, ct);
        return (rows.Select(x => x.Sums).ToList(), rows.Sum(x => x.Sends));
    }

    /// <summary>
    /// The logged decisions of <paramref name="window"/> reduced to per-action sums and skip counts in one aggregation
    /// (what the job reads for off-policy evaluation): one row per action however many decisions the window holds.
    /// <paramref name="relation"/> is <c>landing_events</c> or the view over a mapped table.
    /// </summary>
    public static async Task<LoggedDecisionSums> DecisionSumsAsync(ClickHouseGateway db, QueryWindow window,
        bool byLeaderGroup, CancellationToken ct, string relation = "landing_events")
    {
        var rows = await db.QueryAsync(DecisionSumsTemplate
                .Replace("{lg}", byLeaderGroup ? "toString(leader_group)" : "''")
                .Replace("{landing}", relation, StringComparison.Ordinal),
            new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs),
            r =>
            {
                RewardMoments Moments(int i) => new(r.GetDouble(i), r.GetDouble(i + 1), r.GetDouble(i + 2), r.GetDouble(i + 3), r.GetDouble(i + 4));
                var sums = new LoggedArmSums(byLeaderGroup ? r.GetString(0) : null, r.GetString(1), r.GetInt32(2), r.GetInt64(3),
                    r.GetDouble(4), r.GetDouble(5), r.GetDouble(6), Moments(7), Moments(12));
                var skipped = new long[DecisionSkipReasons.Length];
                for (var i = 0; i < skipped.Length; i++) skipped[i] = r.GetInt64(17 + i);
                return (Sums: sums, Skipped: skipped);
            }, ct);
        var skippedByReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < DecisionSkipReasons.Length; i++)
        {
            var count = rows.Sum(x => x.Skipped[i]);
            if (count > 0) skippedByReason[DecisionSkipReasons[i]] = count;
        }
        return new LoggedDecisionSums([.. rows.Where(x => x.Sums.Count > 0).Select(x => x.Sums)], skippedByReason);
    }
}
