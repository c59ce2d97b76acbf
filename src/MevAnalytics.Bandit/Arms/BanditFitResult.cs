using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Arms;

/// <summary>Output of <see cref="BanditFit.Fit"/>: arms and routes in ordinal key order, plus skipped input
/// rows.</summary>
public sealed record BanditFitResult(
    IReadOnlyList<ArmEstimate> Arms, IReadOnlyList<RouteSummary> Routes, SkipTally Skipped, DateTime AsOf);
