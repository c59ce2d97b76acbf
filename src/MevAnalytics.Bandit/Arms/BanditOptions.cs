using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Arms;

/// <summary>Settings of the bandit arm statistics and their off-policy evaluation. Call <see cref="Validate"/> before
/// use.</summary>
public sealed class BanditOptions
{
    /// <summary>Half-life of the exponential decay applied to rollup buckets by age. Default 6 hours.</summary>
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Lower bound on the empirical-Bayes prior strength alpha+beta (pseudo-pulls). Default 2 (a uniform
    /// Beta(1,1) has strength 2).</summary>
    public double PriorStrengthFloor { get; set; } = 2.0;

    /// <summary>
    /// Upper bound on the prior strength. The beta-binomial MLE runs to infinity when arms look homogeneous;
    /// the ceiling keeps one well-sampled route from freezing a new arm at the route mean. Default 1000.
    /// </summary>
    public double PriorStrengthCeiling { get; set; } = 1000.0;

    /// <summary>
    /// Exponent k of the hyperprior strength^-k on the prior strength alpha+beta (1.5 is Gelman et al.'s
    /// p(alpha, beta) ~ (alpha+beta)^-5/2 written in mean/strength coordinates). With a handful of arms the
    /// plain MLE of the strength often runs to the ceiling, shrinking every arm to the route mean and making
    /// 90% intervals cover far less than 90%; the penalty keeps it moderate. 0 gives plain maximum likelihood.
    /// Default 1.5.
    /// </summary>
    public double PriorStrengthPenalty { get; set; } = 1.5;

    /// <summary>Arms with fewer effective pulls are left out of the prior fit (they still get a posterior).
    /// Default 10.</summary>
    public double MinPullsForPrior { get; set; } = 10.0;

    /// <summary>
    /// Shrink each arm's payoff-given-landing mean toward its route's pooled mean by normal-normal empirical Bayes
    /// (<see cref="PayoffShrinkage"/>). The payoff of an opportunity rarely depends on the tip, and heavy-tailed
    /// per-arm means are noisy enough to flip the EV ranking of arms whose true EVs differ by a few percent.
    /// Default true.
    /// </summary>
    public bool ShrinkPayoffs { get; set; } = true;

    /// <summary>Split arms by leader group (route x tip arm x leader group). Default false (rows' leader group
    /// ignored).</summary>
    public bool GroupByLeader { get; set; }

    /// <summary>Monte Carlo draws for probability-of-best and Thompson policy probabilities. Default 10,000.</summary>
    public int MonteCarloDraws { get; set; } = 10_000;

    /// <summary>Seed for every Monte Carlo draw, so identical input gives identical tables. Default 6.</summary>
    public int Seed { get; set; } = 6;

    /// <summary>Lower and upper posterior quantiles reported per arm. Defaults 0.05 and 0.95.</summary>
    public double LowerQuantile { get; set; } = 0.05;

    /// <inheritdoc cref="LowerQuantile"/>
    public double UpperQuantile { get; set; } = 0.95;

    /// <summary>Throw <see cref="InputRowException"/> on the first invalid input row instead of skipping and counting
    /// it. Default false.</summary>
    public bool StrictInput { get; set; }

    /// <summary>Central coverage of the off-policy intervals. Default 0.95.</summary>
    public double OpeIntervalLevel { get; set; } = 0.95;

    /// <summary>
    /// Largest fraction of logged decisions with a missing, zero or out-of-range propensity that is dropped
    /// (and counted) before off-policy evaluation is skipped altogether. Default 0: any such row skips OPE,
    /// because dropping rows non-randomly biases every importance-weighted estimator.
    /// </summary>
    public double OpeMaxInvalidPropensityFraction { get; set; }

    /// <summary>
    /// Gate tolerance, relative to |logging policy value|: the new policy fails when its estimate is below
    /// logging - max(relative x |logging|, absolute). Default 0.05.
    /// </summary>
    public double OpeRelativeTolerance { get; set; } = 0.05;

    /// <summary>Absolute part of the gate tolerance, in the metric's units (SOL per send for EV). Default 0.</summary>
    public double OpeAbsoluteTolerance { get; set; }

    /// <summary>Also fail the gate when the landing rate (not only EV) is worse beyond tolerance. Default false: a
    /// cheaper-tip policy may land less yet earn more.</summary>
    public bool GateOnLandingRate { get; set; }

    /// <summary>Fail the gate when OPE was skipped (no usable propensities). Default false: pass, with the skip
    /// reason.</summary>
    public bool RequireOffPolicyEvaluation { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (HalfLife <= TimeSpan.Zero) throw Bad(nameof(HalfLife), HalfLife, "must be positive");
        if (!(PriorStrengthFloor > 0) || !double.IsFinite(PriorStrengthFloor))
            throw Bad(nameof(PriorStrengthFloor), PriorStrengthFloor, "must be a positive finite number");
        if (!(PriorStrengthCeiling >= PriorStrengthFloor) || !double.IsFinite(PriorStrengthCeiling))
            throw Bad(nameof(PriorStrengthCeiling), PriorStrengthCeiling,
                $"must be finite and >= {nameof(PriorStrengthFloor)} ({PriorStrengthFloor})");
        if (!(PriorStrengthPenalty >= 0) || !double.IsFinite(PriorStrengthPenalty))
            throw Bad(nameof(PriorStrengthPenalty), PriorStrengthPenalty, "must be >= 0");
        if (!(MinPullsForPrior >= 0) || !double.IsFinite(MinPullsForPrior))
            throw Bad(nameof(MinPullsForPrior), MinPullsForPrior, "must be >= 0");
        if (MonteCarloDraws < 100) throw Bad(nameof(MonteCarloDraws), MonteCarloDraws, "must be >= 100");
        if (!(LowerQuantile > 0 && LowerQuantile < UpperQuantile))
            throw Bad(nameof(LowerQuantile), LowerQuantile, $"must be in (0, {nameof(UpperQuantile)})");
        if (!(UpperQuantile < 1)) throw Bad(nameof(UpperQuantile), UpperQuantile, "must be < 1");
        if (!(OpeIntervalLevel > 0.5 && OpeIntervalLevel < 1))
            throw Bad(nameof(OpeIntervalLevel), OpeIntervalLevel, "must be in (0.5, 1)");
        if (!(OpeMaxInvalidPropensityFraction >= 0 && OpeMaxInvalidPropensityFraction < 1))
            throw Bad(nameof(OpeMaxInvalidPropensityFraction), OpeMaxInvalidPropensityFraction, "must be in [0, 1)");
        if (!(OpeRelativeTolerance >= 0) || !double.IsFinite(OpeRelativeTolerance))
            throw Bad(nameof(OpeRelativeTolerance), OpeRelativeTolerance, "must be >= 0");
        if (!(OpeAbsoluteTolerance >= 0) || !double.IsFinite(OpeAbsoluteTolerance))
            throw Bad(nameof(OpeAbsoluteTolerance), OpeAbsoluteTolerance, "must be >= 0");
    }

    private static ArgumentOutOfRangeException Bad(string name, object value, string rule) =>
        new($"{nameof(BanditOptions)}.{name}", value, $"{nameof(BanditOptions)}.{name} {rule} (got {value}).");
}
