using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Data.Connection;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Jobs.Bandit;

/// <summary>
/// What the bandit job reads: merged 5-minute rollups, never raw rows: arm statistics, and for off-policy evaluation
/// the recent slice of logged decisions as one row of sums per action. Public table names only, so
/// the same SQL runs on a Distributed cluster.
/// </summary>
public static class BanditQueries
{
    private const string RollupByArm = """
        SELECT toInt64(toUnixTimestamp(bucket)) AS b, toString(route), toInt32(tip_arm), '' AS leader_group,
               toInt64(countMerge(pulls)), toInt64(sumMerge(lands)), sumMerge(payoff_sum), sumMerge(payoff_sq),
               toFloat64(sumMerge(tip_sum))
        FROM rollup_arm_5m
        WHERE bucket >= toDateTime(intDiv({from:Int64}, 1000), 'UTC')
          AND bucket < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
        GROUP BY bucket, route, tip_arm
        ORDER BY route, tip_arm, bucket
        """;

    private const string RollupByArmAndLeaderGroup = """
        SELECT toInt64(toUnixTimestamp(bucket)) AS b, toString(route), toInt32(tip_arm), toString(leader_group),
               toInt64(countMerge(pulls)), toInt64(sumMerge(lands)), sumMerge(payoff_sum), sumMerge(payoff_sq),
               toFloat64(sumMerge(tip_sum))
        FROM rollup_arm_5m
        WHERE bucket >= toDateTime(intDiv({from:Int64}, 1000), 'UTC')
          AND bucket < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
        GROUP BY bucket, route, tip_arm, leader_group
        ORDER BY route, tip_arm, leader_group, bucket
        """;

    // Decay pushed down: per bucket the states are merged and checked, then each arm's valid buckets are summed with
    // weights w = 2^(-(as-of - bucket) / half-life). Invalid buckets are counted by reason, with the precedence of
    // ArmDecay's row checks, so the summary says what was left out. {lg} is '' or leader_group (structure, not a
    // value).
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
                   sumMerge(payoff_sum) AS payoff, sumMerge(payoff_sq) AS payoff_sq,
                   toFloat64(sumMerge(tip_sum)) AS tip,
                   exp2(-(intDiv({to:Int64}, 1000) - b) / {halfLife:Float64}) AS w,
                   lands <= pulls AND isFinite(payoff) AND payoff >= 0 AND NOT (lands = 0 AND payoff > 0)
                       AND isFinite(payoff_sq) AND payoff_sq >= 0 AS ok
            FROM rollup_arm_5m
            WHERE bucket >= toDateTime(intDiv({from:Int64}, 1000), 'UTC')
              AND bucket < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
            GROUP BY route, arm, lg, bucket
        )
        GROUP BY route, arm, lg
        ORDER BY route, arm, lg
        """;

    private static readonly string[] InvalidReasons =
    [
        "Lands exceeds pulls", "PayoffSum is not finite", "PayoffSum is negative",
        "PayoffSum is positive without lands", "PayoffSumSquares is not finite or negative",
    ];

    // OPE from rollup_ope_5m: per action the sums AggregateOffPolicyEvaluator needs (u = 1/propensity, r = landed
    // and EV = payoff - tip in SOL) and the decisions left out by reason, kept per 5-minute bucket by the view
    // (OffPolicyRollup) with the row checks of the per-row evaluator.
    // {lg} is '' or leader_group (structure, not a value). On a cluster each shard merges its own states.
    private const string DecisionSumsTemplate = """
        SELECT {lg} AS ctx, toString(route) AS r, toInt32(tip_arm) AS arm, toInt64(sumMerge(decisions)),
               sumMerge(sum_u), sumMerge(sum_u2), maxMerge(max_u),
               sumMerge(land_sum), sumMerge(land_u), sumMerge(land_u2),
               sumMerge(value_sum), sumMerge(value_sq), sumMerge(value_u), sumMerge(value_u2), sumMerge(value_u2_sq),
               toInt64(sumMerge(skipped_no_route)), toInt64(sumMerge(skipped_payoff_nan)),
               toInt64(sumMerge(skipped_payoff_negative)), toInt64(sumMerge(skipped_propensity))
        FROM rollup_ope_5m
        WHERE bucket >= toDateTime(intDiv({from:Int64}, 1000), 'UTC')
          AND bucket < toDateTime(intDiv({to:Int64}, 1000), 'UTC')
        GROUP BY ctx, r, arm
        ORDER BY ctx, r, arm
        """;

    private static readonly string[] DecisionSkipReasons =
        ["Route is empty", "PayoffSol is not finite", "PayoffSol is negative", LoggedDecisionSums.MissingPropensity];

    /// <summary>Rollup rows in <paramref name="window"/>, merged per bucket x route x tip arm (x leader
    /// group).</summary>
    public static Task<List<ArmRollupRow>> ArmRollupAsync(ClickHouseGateway db, QueryWindow window,
        bool byLeaderGroup, CancellationToken ct) =>
        db.QueryAsync(byLeaderGroup ? RollupByArmAndLeaderGroup : RollupByArm,
            new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs),
            r => new ArmRollupRow(DateTime.UnixEpoch.AddSeconds(r.GetInt64(0)), r.GetString(1), r.GetInt32(2),
                byLeaderGroup ? r.GetString(3) : null, r.GetInt64(4), r.GetInt64(5), r.GetDouble(6), r.GetDouble(7),
                r.GetDouble(8)), ct);

    /// <summary>
    /// Per arm, the decay-weighted sums of its valid buckets in <paramref name="window"/> (weights relative to the
    /// window's end), and counts of invalid buckets by reason: one row per arm however long the window. Also the sends
    /// in valid buckets.
    /// </summary>
    public static async Task<(List<ArmWeightedSums> Arms, long Sends)> ArmWeightedSumsAsync(ClickHouseGateway db,
        QueryWindow window, TimeSpan halfLife, bool byLeaderGroup, CancellationToken ct)
    {
        var rows = await db.QueryAsync(WeightedSumsTemplate
                .Replace("{lg}", byLeaderGroup ? "toString(leader_group)" : "''"),
            new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs)
                .Add("halfLife", halfLife.TotalSeconds),
            r =>
            {
                var invalid = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < InvalidReasons.Length; i++) invalid[InvalidReasons[i]] = r.GetInt32(12 + i);
                var buckets = r.GetInt32(3);
                return (Sums: new ArmWeightedSums(
                        new ArmKey(r.GetString(0), r.GetInt32(1), byLeaderGroup ? r.GetString(2) : null), buckets,
                        buckets > 0 ? DateTime.UnixEpoch.AddSeconds(r.GetInt64(4)) : default,
                        r.GetDouble(5), r.GetDouble(6), r.GetDouble(7), r.GetDouble(8), r.GetDouble(9), r.GetDouble(10),
                        r.GetDouble(11), invalid),
                    Sends: r.GetInt64(17));
            }, ct);
        return (rows.Select(x => x.Sums).ToList(), rows.Sum(x => x.Sends));
    }

    /// <summary>
    /// The logged decisions of the 5-minute buckets starting in <paramref name="window"/> (the rollup's grain, as for
    /// the arm rollup) as per-action sums and skip counts, merged from <c>rollup_ope_5m</c> (what the job reads for
    /// off-policy evaluation; no raw row is scanned): one row per action however many decisions the window holds.
    /// </summary>
    public static async Task<LoggedDecisionSums> DecisionSumsAsync(ClickHouseGateway db, QueryWindow window,
        bool byLeaderGroup, CancellationToken ct)
    {
        var rows = await db.QueryAsync(DecisionSumsTemplate
                .Replace("{lg}", byLeaderGroup ? "toString(leader_group)" : "''"),
            new QueryParameters().Add("from", window.FromUnixMs).Add("to", window.ToUnixMs),
            r =>
            {
                // landed is 0 or 1: its squared terms equal its plain ones.
                var land = new RewardMoments(r.GetDouble(7), r.GetDouble(7), r.GetDouble(8), r.GetDouble(9),
                    r.GetDouble(9));
                var value = new RewardMoments(r.GetDouble(10), r.GetDouble(11), r.GetDouble(12), r.GetDouble(13),
                    r.GetDouble(14));
                var sums = new LoggedArmSums(byLeaderGroup ? r.GetString(0) : null, r.GetString(1), r.GetInt32(2),
                    r.GetInt64(3), r.GetDouble(4), r.GetDouble(5), r.GetDouble(6), land, value);
                var skipped = new long[DecisionSkipReasons.Length];
                for (var i = 0; i < skipped.Length; i++) skipped[i] = r.GetInt64(15 + i);
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
