using System.Runtime.CompilerServices;
using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Platt;
using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Calibration.Segments;

/// <summary>
/// Fits the segment tree global "*" -> route -> route x arm. Each segment with enough rows gets its own curve (exact
/// isotonic fit, or Platt scaling per <see cref="CalibrationFitOptions.Method"/>); the others fall back to their
/// parent, so every (route, arm) seen in the data gets a table.
/// </summary>
public static class SegmentedCalibration
{
    /// <summary>Fits every segment present in the rows.</summary>
    /// <param name="x">Scores.</param>
    /// <param name="y">Targets (labels for p_land, payoff for EV).</param>
    /// <param name="weights">Weights or empty for ones.</param>
    /// <param name="route">Per row, an index into <paramref name="routeNames"/>.</param>
    /// <param name="arm">Per row, an index into <paramref name="armNames"/>.</param>
    /// <param name="routeNames">Route names.</param>
    /// <param name="armNames">Tip arm names.</param>
    /// <param name="options">Fit options (validated here).</param>
    /// <returns>Segments ordered global, then routes by name, each followed by its arms by name.</returns>
    public static IReadOnlyList<SegmentFit> Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights,
        ReadOnlySpan<int> route, ReadOnlySpan<int> arm, IReadOnlyList<string> routeNames, IReadOnlyList<string> armNames,
        CalibrationFitOptions options) =>
        Fit(x, y, weights, default, route, arm, routeNames, armNames, options);

    /// <summary>
    /// Fits every segment present in rows that may stand for several samples each (push-down buckets):
    /// <paramref name="counts"/> gives the samples per row, and MinSamples and <see cref="SegmentFit.Rows"/> count samples.
    /// </summary>
    /// <param name="x">Scores.</param>
    /// <param name="y">Targets (labels or bucket means).</param>
    /// <param name="weights">Weights or empty for ones.</param>
    /// <param name="counts">Samples per row (non-negative integers), or empty for one per row.</param>
    /// <param name="route">Per row, an index into <paramref name="routeNames"/>.</param>
    /// <param name="arm">Per row, an index into <paramref name="armNames"/>.</param>
    /// <param name="routeNames">Route names.</param>
    /// <param name="armNames">Tip arm names.</param>
    /// <param name="options">Fit options (validated here).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<SegmentFit> Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights,
        ReadOnlySpan<double> counts, ReadOnlySpan<int> route, ReadOnlySpan<int> arm, IReadOnlyList<string> routeNames,
        IReadOnlyList<string> armNames, CalibrationFitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CalibrationInputValidator.RequireNonEmpty("x", x.Length);
        CalibrationInputValidator.RequireSameLength("route", route.Length, "x", x.Length);
        CalibrationInputValidator.RequireSameLength("arm", arm.Length, "x", x.Length);
        RequireCodes("route", route, routeNames.Count);
        RequireCodes("arm", arm, armNames.Count);
        var constraints = options.ToConstraints();

        if (!counts.IsEmpty)
        {
            CalibrationInputValidator.RequireSameLength("n", counts.Length, "x", x.Length);
            CalibrationInputValidator.RequireValidWeights("n", counts);
        }
        var global = IsotonicFit.Fit(x, y, weights, constraints);
        long globalSamples = Samples(weights, counts, global.Rows);
        if (globalSamples < options.MinSamples)
            throw new ArgumentException(
                $"The global segment has {globalSamples} rows, fewer than MinSamples = {options.MinSamples}: nothing to fall back to.", nameof(options));
        var results = new List<SegmentFit>
        {
            options.Method == CalibrationMethod.Isotonic
                ? Own(SegmentKey.Global, global, globalSamples, options)
                : SegmentCurve.Fit(SegmentKey.Global, global, x, y, weights, globalSamples, options, constraints),
        };

        // Group row indices by (route, arm), counting sort: stable, 4 bytes per row.
        int arms = armNames.Count;
        int groups = routeNames.Count * arms;
        var start = new int[groups + 1];
        for (int i = 0; i < x.Length; i++) start[route[i] * arms + arm[i] + 1]++;
        for (int g = 0; g < groups; g++) start[g + 1] += start[g];
        var order = new int[x.Length];
        var next = start.AsSpan(0, groups).ToArray();
        for (int i = 0; i < x.Length; i++) order[next[route[i] * arms + arm[i]]++] = i;

        bool weighted = !weights.IsEmpty;
        var bx = new double[x.Length];
        var by = new double[x.Length];
        var bw = weighted ? new double[x.Length] : [];
        foreach (int r in Enumerable.Range(0, routeNames.Count).OrderBy(r => routeNames[r], StringComparer.Ordinal))
        {
            int lo = start[r * arms], hi = start[(r + 1) * arms];
            if (hi == lo) continue;
            var routeKey = SegmentKey.ForRoute(routeNames[r]);
            var routeFit = FitOrFallBack(routeKey, results[0], order.AsSpan(lo, hi - lo), x, y, weights, counts, bx, by, bw, options, constraints);
            results.Add(routeFit);
            foreach (int a in Enumerable.Range(0, arms).OrderBy(a => armNames[a], StringComparer.Ordinal))
            {
                int s = start[r * arms + a], e = start[r * arms + a + 1];
                if (e == s) continue;
                results.Add(FitOrFallBack(SegmentKey.ForRouteArm(routeNames[r], armNames[a]), routeFit, order.AsSpan(s, e - s),
                    x, y, weights, counts, bx, by, bw, options, constraints));
            }
        }
        return results;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SegmentFit FitOrFallBack(SegmentKey key, SegmentFit parent, ReadOnlySpan<int> rows,
        ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights, ReadOnlySpan<double> counts,
        double[] bx, double[] by, double[] bw, CalibrationFitOptions options, IsotonicConstraints constraints)
    {
        bool weighted = !weights.IsEmpty;
        int n = 0;
        double wsum = 0, samples = 0;
        for (int j = 0; j < rows.Length; j++)
        {
            int i = rows[j];
            double w = weighted ? weights[i] : 1.0;
            if (!(w > 0)) continue;
            bx[n] = x[i]; by[n] = y[i];
            if (weighted) bw[n] = w;
            wsum += w;
            samples += counts.IsEmpty ? 1 : counts[i];
            n++;
        }
        long sampleCount = (long)samples;
        if (sampleCount >= options.MinSamples && n > 0)
        {
            var sx = bx.AsSpan(0, n);
            var sy = by.AsSpan(0, n);
            var sw = weighted ? bw.AsSpan(0, n) : default;
            var isotonic = IsotonicFit.Fit(sx, sy, sw, constraints);
            return options.Method == CalibrationMethod.Isotonic
                ? Own(key, isotonic, sampleCount, options)
                : SegmentCurve.Fit(key, isotonic, sx, sy, sw, sampleCount, options, constraints);
        }
        return new SegmentFit(key, key.Parent, (int)Math.Min(sampleCount, int.MaxValue), wsum, false, parent.EffectiveKey, parent.Model, parent.Grid);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Samples(ReadOnlySpan<double> weights, ReadOnlySpan<double> counts, int rows)
    {
        if (counts.IsEmpty) return rows;
        double s = 0;
        for (int i = 0; i < counts.Length; i++)
            if (weights.IsEmpty || weights[i] > 0) s += counts[i];
        return (long)s;
    }

    internal static SegmentFit Own(SegmentKey key, IsotonicModel model, long samples, CalibrationFitOptions options) =>
        new(key, key.Parent, (int)Math.Min(samples, int.MaxValue), model.WeightSum, true, key, model, model.EvaluateGrid(options.GridSize));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RequireCodes(string column, ReadOnlySpan<int> codes, int count)
    {
        int bad = 0, first = -1;
        for (int i = 0; i < codes.Length; i++)
            if ((uint)codes[i] >= (uint)count) { if (bad++ == 0) first = i; }
        if (bad > 0)
            throw new ArgumentException($"Column '{column}' has {bad} code(s) outside the {count} names; first at row {first} (code {codes[first]}).", column);
    }
}
