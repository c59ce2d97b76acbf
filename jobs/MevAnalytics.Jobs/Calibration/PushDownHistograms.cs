namespace MevAnalytics.Jobs.Calibration;

/// <summary>One (route, arm) group's push-down histograms: its rows; p_land counts and weights, the train half then
/// the holdout half (null when not asked); rows with a valid EV and their lowest and highest bucket; per half (train,
/// holdout) EV counts, weights and payoff sums of buckets EvMin, EvMin + 1, ... (empty when the range did not fit the
/// query's slots).</summary>
internal sealed record PushDownHistograms(string Route, byte Arm, long Rows, double[]? PN, double[]? PW, long ERows,
    long EvMin, long EvMax, double[]?[] EN, double[]?[] EW, double[]?[] EY)
{
    /// <summary>
    /// The rows of disjoint parts of a window added per (route, arm): the shards' rows of one query, or the rows of
    /// some days and the daily rollup of the others. p_land slots add one to one; the EV ranges are joined, and when
    /// the joined range does not fit <paramref name="evSlots"/> (the query's EV slots) the EV halves are left empty, as
    /// the query leaves them, so the reader asks again with more slots. Ordered by route and arm, as the query is.
    /// </summary>
    public static List<PushDownHistograms> Combine(IEnumerable<PushDownHistograms> parts, long evSlots)
    {
        var byGroup = new Dictionary<(string, byte), PushDownHistograms>();
        foreach (var g in parts)
            byGroup[(g.Route, g.Arm)] =
                byGroup.TryGetValue((g.Route, g.Arm), out var other) ? Add(other, g, evSlots) : g;
        return [.. byGroup.Values.OrderBy(g => g.Route, StringComparer.Ordinal).ThenBy(g => g.Arm)];
    }

    private static PushDownHistograms Add(PushDownHistograms a, PushDownHistograms b, long evSlots)
    {
        var merged = a with
        {
            Rows = a.Rows + b.Rows,
            PN = Sum(a.PN, b.PN),
            PW = Sum(a.PW, b.PW),
            ERows = a.ERows + b.ERows,
        };
        if (b.ERows == 0) return merged;
        if (a.ERows == 0) return merged with { EvMin = b.EvMin, EvMax = b.EvMax, EN = b.EN, EW = b.EW, EY = b.EY };
        long min = Math.Min(a.EvMin, b.EvMin), max = Math.Max(a.EvMax, b.EvMax);
        bool fits = max - min < evSlots && Whole(a) && Whole(b);
        int length = fits ? (int)(max - min + 1) : 0;
        double[]?[] Halves(double[]?[] x, double[]?[] y) =>
            [.. Enumerable.Range(0, 2)
                .Select(h => fits ? Sum(x[h]!, a.EvMin - min, y[h]!, b.EvMin - min, length) : [])];
        return merged with
        {
            EvMin = min,
            EvMax = max,
            EN = Halves(a.EN, b.EN),
            EW = Halves(a.EW, b.EW),
            EY = Halves(a.EY, b.EY),
        };
    }

    // True when the group's EV halves hold its whole range (it fitted the query's slots).
    private static bool Whole(PushDownHistograms g) =>
        g.EN[0] is { } n && n.Length == g.EvMax - g.EvMin + 1;

    private static double[]? Sum(double[]? x, double[]? y) => x is null || y is null ? null : Sum(x, 0, y, 0, x.Length);

    private static double[] Sum(double[] x, long xAt, double[] y, long yAt, int length)
    {
        var sum = new double[length];
        for (int i = 0; i < x.Length; i++) sum[xAt + i] += x[i];
        for (int i = 0; i < y.Length; i++) sum[yAt + i] += y[i];
        return sum;
    }
}
