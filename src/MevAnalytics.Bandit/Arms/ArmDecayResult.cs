using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Arms;

/// <summary>Decayed arms (sorted by key) and the rollup rows that were skipped.</summary>
public sealed record ArmDecayResult(IReadOnlyList<DecayedArm> Arms, SkipTally Skipped);
