namespace MevAnalytics.Bandit.Arms;

/// <summary>
/// One 5-minute rollup bucket of a route x tip arm (optionally x leader group), as merged from the
/// AggregatingMergeTree. Payoff sums are over sends in the bucket in SOL, where a send that did not land
/// has payoff 0, so <c>PayoffSum / Lands</c> is the payoff given landing.
/// </summary>
/// <param name="BucketStart">UTC start of the bucket.</param>
/// <param name="Route">Route name.</param>
/// <param name="Arm">Tip arm index.</param>
/// <param name="LeaderGroup">Leader group, or null when not split.</param>
/// <param name="Pulls">Sends.</param>
/// <param name="Lands">Landed sends (&lt;= Pulls).</param>
/// <param name="PayoffSum">Sum of realised payoff, SOL (&gt;= 0).</param>
/// <param name="PayoffSumSquares">Sum of squared realised payoff, SOL^2.</param>
/// <param name="TipSumLamports">Sum of tips paid, lamports.</param>
public sealed record ArmRollupRow(
    DateTime BucketStart, string Route, int Arm, string? LeaderGroup,
    long Pulls, long Lands, double PayoffSum, double PayoffSumSquares, double TipSumLamports);
