using MevAnalytics.Fitting;

namespace MevAnalytics.Phase;

/// <summary>Output of PhaseAnalysis.Analyze: leaders in ordinal order, the global profile and skipped
/// samples.</summary>
public sealed record PhaseAnalysisResult(
    IReadOnlyList<LeaderPhaseProfile> Leaders, LeaderPhaseProfile Global, SkipTally Skipped);
