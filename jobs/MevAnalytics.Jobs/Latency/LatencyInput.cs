using MevAnalytics.Jobs.Running;
using MevAnalytics.Latency;

namespace MevAnalytics.Jobs.Latency;

/// <summary>What the latency job reads: the rollup merged per route x endpoint over the main window (first) and over
/// each of the other summary windows.</summary>
public sealed record LatencyInput(IReadOnlyList<(QueryWindow Window, IReadOnlyList<EndpointLatencyRow> Rows)> Windows)
{
    /// <summary>Rows ClickHouse returned, every window.</summary>
    public long RowsRead => Windows.Sum(w => (long)w.Rows.Count);
}
