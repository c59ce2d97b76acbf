using MevAnalytics.Bandit.Arms;

namespace MevAnalytics.Bandit.Offpolicy;

/// <summary>
/// Direct-method reward model for doubly-robust estimation: predicted landing rate and EV (SOL per send) per
/// action, keyed like the policies (<see cref="ArmKey.LeaderGroup"/> is the context).
/// </summary>
public sealed class RewardModel(IReadOnlyDictionary<ArmKey, (double LandRate, double ValueSol)> predictions)
{
    /// <summary>Predictions by action.</summary>
    public IReadOnlyDictionary<ArmKey, (double LandRate, double ValueSol)> Predictions { get; } = predictions;

    /// <summary>The bandit fit's posterior-mean landing rates and expected values.</summary>
    public static RewardModel FromArms(IEnumerable<ArmEstimate> arms) =>
        new(arms.ToDictionary(a => a.Key, a => (a.LandRateMean, a.ExpectedValueSol)));
}
