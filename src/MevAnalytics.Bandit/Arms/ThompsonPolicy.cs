namespace MevAnalytics.Bandit.Arms;

/// <summary>
/// Action probabilities of a Thompson-sampling policy that, per decision, samples every arm's EV from its
/// posterior and sends on the arg-max route+arm. Estimated by seeded Monte Carlo; this is the target policy
/// for off-policy evaluation.
/// </summary>
public static class ThompsonPolicy
{
    /// <summary>
    /// P(choose arm) per context (leader group, or null when not grouping), over all routes' arms with pulls in
    /// that context. Probabilities within a context sum to 1.
    /// </summary>
    public static IReadOnlyDictionary<ArmKey, double> Probabilities(IReadOnlyList<ArmEstimate> arms, int draws,
        int seed)
    {
        if (draws < 1) throw new ArgumentOutOfRangeException(nameof(draws), draws, "draws must be >= 1.");
        var random = new Random(seed);
        var result = new Dictionary<ArmKey, double>();
        foreach (var context in arms.Where(a => a.HasPulls).OrderBy(a => a.Key).GroupBy(a => a.Key.LeaderGroup))
        {
            var candidates = context.ToList();
            var (p, _, _) = ExpectedValueSampler.Sample(candidates, draws, random);
            for (var j = 0; j < candidates.Count; j++) result[candidates[j].Key] = p[j];
        }
        return result;
    }
}
