namespace MevAnalytics.Jobs.Calibration;

/// <summary>One (route, arm) group's push-down histograms: its rows; p_land counts and weights, the train half then
/// the holdout half (null when not asked); rows with a valid EV and their lowest and highest bucket; per half (train,
/// holdout) EV counts, weights and payoff sums of buckets EvMin, EvMin + 1, ... (empty when the range did not fit the
/// query's slots).</summary>
internal sealed record PushDownHistograms(string Route, byte Arm, long Rows, double[]? PN, double[]? PW, long ERows,
    long EvMin, long EvMax, double[]?[] EN, double[]?[] EW, double[]?[] EY)
{
    /// <summary>
    /// The groups of two disjoint parts of a window (the rows of some days, the daily rollup of the others), added:
    /// p_land slots add one to one; the EV ranges are joined, and when the joined range does not fit
    /// <paramref name="evSlots"/> the EV halves are left empty (as the query leaves them), so the reader asks the
    /// rows again with more slots. Without decay (weights are counts). Ordered by route and arm, as the query is.
    /// </summary>
    public static List<PushDownHistograms> Merge(IReadOnlyList<PushDownHistograms> a,
        IReadOnlyList<PushDownHistograms> b, long evSlots)
    {
        var byGroup = a.ToDictionary(g => (g.Route, g.Arm));
        foreach (var g in b)
            byGroup[(g.Route, g.Arm)] = byGroup.TryGetValue((g.Route, g.Arm), out var other) ? Add(other, g, evSlots) : g;
        return [.. byGroup.Values.OrderBy(g => g.Route, StringComparer.Ordinal).ThenBy(g => g.Arm)];
    }

    private static PushDownHistograms Add(PushDownHistograms a, PushDownHistograms b, long evSlots)
    {
        var pn = a.PN is null || b.PN is null ? null : Sum(a.PN, 0, b.PN, 0, a.PN.Length);
        var merged = a with { Rows = a.Rows + b.Rows, PN = pn, PW = pn, ERows = a.ERows + b.ERows };
        if (b.ERows == 0) return merged with { EvMin = a.EvMin, EvMax = a.EvMax };
        if (a.ERows == 0) return merged with { EvMin = b.EvMin, EvMax = b.EvMax, EN = b.EN, EW = b.EN, EY = b.EY };
        long min = Math.Min(a.EvMin, b.EvMin), max = Math.Max(a.EvMax, b.EvMax);
        bool fits = max - min < evSlots && Whole(a) && Whole(b);
        var (en, ey) = (new double[]?[2], new double[]?[2]);
        for (int h = 0; h < 2; h++)
        {
            int length = fits ? (int)(max - min + 1) : 0;
            en[h] = fits ? Sum(a.EN[h]!, a.EvMin - min, b.EN[h]!, b.EvMin - min, length) : [];
            ey[h] = fits ? Sum(a.EY[h]!, a.EvMin - min, b.EY[h]!, b.EvMin - min, length) : [];
        }
        return merged with { EvMin = min, EvMax = max, EN = en, EW = en, EY = ey };
    }

    // True when the group's EV halves hold its whole range (it fitted the query's slots).
    private static bool Whole(PushDownHistograms g) =>
        g.EN[0] is { } n && n.Length == g.EvMax - g.EvMin + 1;

    private static double[] Sum(double[] x, long xAt, double[] y, long yAt, int length)
    {
        var sum = new double[length];
        for (int i = 0; i < x.Length; i++) sum[xAt + i] += x[i];
        for (int i = 0; i < y.Length; i++) sum[yAt + i] += y[i];
        return sum;
    }
}
