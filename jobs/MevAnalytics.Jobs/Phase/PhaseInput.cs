using MevAnalytics.Jobs.Running;
using MevAnalytics.Phase;

namespace MevAnalytics.Jobs.Phase;

/// <summary>What the phase job reads: the per-leader histogram of sends and lands by send offset (aggregated in
/// ClickHouse) and each leader's recent landing times.</summary>
public sealed record PhaseInput(QueryWindow Window, IReadOnlyList<PhaseHistogramRow> Histogram,
    IReadOnlyList<PhaseSample> LandingTimes)
{
    /// <summary>Rows ClickHouse returned.</summary>
    public long RowsRead => Histogram.Count + LandingTimes.Count;
}
