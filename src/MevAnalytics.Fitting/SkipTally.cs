namespace MevAnalytics.Fitting;

/// <summary>
/// Counts input rows that were left out of a fit, by reason, so a job summary can say what was dropped
/// instead of silently producing NaN or biased output.
/// </summary>
public sealed class SkipTally
{
    private readonly SortedDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _firstRow = new(StringComparer.Ordinal);

    /// <summary>Skipped-row counts keyed by reason (sorted, so summaries are stable).</summary>
    public IReadOnlyDictionary<string, int> Counts => _counts;

    /// <summary>Index of the first input row skipped for each reason, to find it in the source.</summary>
    public IReadOnlyDictionary<string, int> FirstRow => _firstRow;

    /// <summary>Total rows skipped for any reason.</summary>
    public int Total => _counts.Values.Sum();

    /// <summary>Records one skipped row.</summary>
    public void Add(string reason, int rowIndex) => Add(reason, rowIndex, 1);

    /// <summary>Records <paramref name="count"/> rows skipped for one reason (counted upstream, e.g. in the
    /// database).</summary>
    public void Add(string reason, int rowIndex, int count)
    {
        _counts[reason] = _counts.TryGetValue(reason, out var c) ? c + count : count;
        _firstRow.TryAdd(reason, rowIndex);
    }

    /// <inheritdoc />
    public override string ToString() =>
        _counts.Count == 0
            ? "none"
            : string.Join("; ", _counts.Select(kv => $"{kv.Key}: {kv.Value} (first row {_firstRow[kv.Key]})"));
}
