using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Bandit.Tests.Simulation;
using MevAnalytics.Oracles.Offpolicy;

namespace MevAnalytics.Bandit.Tests.Offpolicy;

/// <summary>The arms, target policy and reward model both off-policy evaluators are tested on.</summary>
internal static class OffPolicyScenario
{
    public static readonly TrueArm[] TrueArms =
    [
        new("jito-ny", 0, 0.35, 0.010, 0.004, 10_000),
        new("jito-ny", 1, 0.55, 0.010, 0.004, 400_000),
        new("jito-ny", 2, 0.70, 0.010, 0.004, 1_500_000),
        new("tpu", 0, 0.25, 0.012, 0.004, 5_000),
        new("tpu", 1, 0.60, 0.012, 0.004, 300_000),
    ];

    public static readonly double[] Target = [0.05, 0.55, 0.05, 0.05, 0.30];

    /// <summary>A reward model whose landing rates are all off by <paramref name="bias"/> (DR must still be
    /// unbiased).</summary>
    public static RewardModel BiasedModel(double bias) => new(TrueArms.ToDictionary(
        a => new ArmKey(a.Route, a.Arm, null),
        a => (a.LandRate + bias, (a.LandRate + bias) * a.PayoffMeanSol - a.TipLamports / 1e9)));
}
