namespace MevAnalytics.Bandit.Arms;

/// <summary>
/// One arm's rollup buckets summed in the database with decay weights w = 2^(-(as-of - bucket start) / half-life):
/// the sufficient statistics of <see cref="ArmDecay"/> (sums of w and w^2 times counts, w times payoff and tip).
/// </summary>
/// <param name="Key">Arm identity.</param>
/// <param name="Buckets">Valid buckets summed (0 when every bucket was invalid).</param>
/// <param name="NewestBucket">Start of the newest valid bucket.</param>
/// <param name="Pulls1">sum w x pulls.</param>
/// <param name="Pulls2">sum w^2 x pulls.</param>
/// <param name="Lands1">sum w x lands.</param>
/// <param name="Lands2">sum w^2 x lands.</param>
/// <param name="Payoff1">sum w x payoff sum, SOL.</param>
/// <param name="PayoffSquares1">sum w x payoff sum of squares, SOL^2.</param>
/// <param name="Tip1">sum w x tip sum, lamports.</param>
/// <param name="InvalidBuckets">Buckets left out, by reason (same wording as <see cref="ArmDecay.Decay"/>).</param>
public sealed record ArmWeightedSums(
    ArmKey Key, int Buckets, DateTime NewestBucket, double Pulls1, double Pulls2, double Lands1, double Lands2,
    double Payoff1, double PayoffSquares1, double Tip1, IReadOnlyDictionary<string, int> InvalidBuckets);
