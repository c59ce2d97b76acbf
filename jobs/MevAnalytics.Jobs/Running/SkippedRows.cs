using MevAnalytics.Fitting;

namespace MevAnalytics.Jobs.Running;

/// <summary>Input rows a fit left out, by reason, as a summary reports them.</summary>
/// <param name="Total">Rows skipped for any reason.</param>
/// <param name="Counts">Rows skipped by reason.</param>
/// <param name="FirstRow">The first row skipped for each reason (its index in the job's input).</param>
public sealed record SkippedRows(int Total, IReadOnlyDictionary<string, int> Counts,
    IReadOnlyDictionary<string, int> FirstRow)
{
    /// <summary>The rows <paramref name="tally"/> counted.</summary>
    public static SkippedRows Of(SkipTally tally) => new(tally.Total, tally.Counts, tally.FirstRow);
}
