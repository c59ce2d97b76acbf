using MevAnalytics.Jobs.Phase;

namespace MevAnalytics.Jobs.Reports.Views;

/// <summary>What the report shows of the current phase table: the global profile and every leader's cut-off
/// fit.</summary>
public sealed record PhaseView(int Version, LeaderPhaseSummary Global, IReadOnlyList<LeaderPhaseSummary> Leaders)
{
    /// <summary>The view of a phase summary (pure).</summary>
    public static PhaseView Of(int version, PhaseSummary summary) => new(version, summary.Global, summary.Leaders);
}
