using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Arms;

/// <summary>Per route (and leader group when grouping is on): its prior and EV-best tip arm.</summary>
/// <param name="Route">Route name.</param>
/// <param name="LeaderGroup">Leader group, or null.</param>
/// <param name="Prior">Empirical-Bayes prior used for the route's arms (fitted per route across all its arms).</param>
/// <param name="BestArm">EV-best tip arm (highest posterior-mean EV among arms with pulls), or null when no arm has
/// pulls.</param>
/// <param name="BestArmProbability">Monte Carlo probability that <see cref="BestArm"/> is truly best; 0 when there is
/// none.</param>
/// <param name="BestExpectedValueSol">EV of the best arm, SOL per send; 0 when there is none.</param>
/// <param name="GapToRunnerUpSol">EV gap between best and second-best arm, SOL; 0 with fewer than two arms.</param>
/// <param name="Arms">Number of arms.</param>
public sealed record RouteSummary(
    string Route, string? LeaderGroup, BetaPrior Prior, int? BestArm, double BestArmProbability,
    double BestExpectedValueSol, double GapToRunnerUpSol, int Arms);
