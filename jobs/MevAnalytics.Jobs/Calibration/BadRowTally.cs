namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// Counts bad input rows per column and problem, remembering the first, so that one message can name everything wrong
/// with a window or file. By default any bad row fails the run; with SkipBadRows they are skipped and reported.
/// </summary>
/// <param name="source">What was read, e.g. a file path or <c>landing_events</c>.</param>
public sealed class BadRowTally(string source)
{
    private readonly Dictionary<(string Column, string Problem), (long Rows, long First, string Example)> _bad = [];

    /// <summary>What was read.</summary>
    public string Source { get; } = source;

    /// <summary>Bad rows in total.</summary>
    public long Total => _bad.Values.Sum(v => v.Rows);

    /// <summary>Counts per "column: problem".</summary>
    public IReadOnlyDictionary<string, long> Counts =>
        _bad.ToDictionary(kv => $"{kv.Key.Column}: {kv.Key.Problem}", kv => kv.Value.Rows);

    /// <summary>Records <paramref name="rows"/> bad rows (a push-down bucket can stand for many).</summary>
    public void Add(string column, string problem, long row, string example, long rows = 1)
    {
        var key = (column, problem);
        _bad[key] = _bad.TryGetValue(key, out var v) ? (v.Rows + rows, v.First, v.Example) : (rows, row, example);
    }

    /// <summary>Throws listing every bad column unless <paramref name="skip"/>.</summary>
    public void ThrowUnlessSkipped(bool skip)
    {
        if (_bad.Count == 0 || skip) return;
        var parts = _bad.OrderBy(kv => kv.Key.Column, StringComparer.Ordinal).Select(kv =>
            $"column '{kv.Key.Column}' has {kv.Value.Rows} row(s) with {kv.Key.Problem}" +
            (kv.Value.First > 0
                ? $" (first at row {kv.Value.First}, value {kv.Value.Example})"
                : $" (e.g. value {kv.Value.Example})"));
        throw new ArgumentException($"bad calibration input in {Source}: {string.Join("; ", parts)}. " +
                                    "Nothing was published; fix the data or set Calibration:SkipBadRows to skip and " +
                                    "count them.");
    }
}
