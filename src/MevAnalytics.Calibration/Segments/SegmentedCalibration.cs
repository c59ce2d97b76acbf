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
    public static IReadOnlyList<SegmentFit> Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights, ReadOnlySpan<int> route, ReadOnlySpan<int> arm, IReadOnlyList<string> routeNames,
        IReadOnlyList<string> armNames, CalibrationFitOptions options) =>
        Fit(x, y, weights, default, route, arm, routeNames, armNames, options);

    /// <summary>
    /// Fits every segment present in rows that may stand for several samples each (push-down buckets):
    /// <paramref name="counts"/> gives the samples per row, and MinSamples and <see cref="SegmentFit.Rows"/> count
    /// samples.
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
    public static IReadOnlyList<SegmentFit> Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights, ReadOnlySpan<double> counts, ReadOnlySpan<int> route, ReadOnlySpan<int> arm,
        IReadOnlyList<string> routeNames, IReadOnlyList<string> armNames, CalibrationFitOptions options)
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
                $"The global segment has {globalSamples} rows, fewer than MinSamples = {options.MinSamples}: " +
                "nothing to fall back to.", nameof(options));
        var results = new List<SegmentFit>
        {
            options.Method == CalibrationMethod.Isotonic
                ? Own(SegmentKey.Global, global, globalSamples, options)
                : SegmentCurve.Fit(SegmentKey.Global, global, x, y, weights, globalSamples, options, constraints),
        };

        // The rows of positive weight grouped by (route, arm), stable (a counting sort): every segment below the global
        // one is then a contiguous range, a route's being its arms' ranges in a row.
        int arms = armNames.Count;
        int groups = routeNames.Count * arms;
        bool weighted = !weights.IsEmpty;
        var start = new int[groups + 1];
        // A segment whose rows all have zero weight is still listed (falling back to its parent).
        var present = new bool[groups];
        for (int i = 0; i < x.Length; i++)
        {
            int g = route[i] * arms + arm[i];
            present[g] = true;
            if (!weighted || weights[i] > 0) start[g + 1]++;
        }
        for (int g = 0; g < groups; g++) start[g + 1] += start[g];
        int kept = start[groups];
        var rows = new SegmentRows(new double[kept], new double[kept], weighted ? new double[kept] : [],
            counts.IsEmpty ? [] : new double[kept]);
        var next = start.AsSpan(0, groups).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            if (weighted && !(weights[i] > 0)) continue;
            int j = next[route[i] * arms + arm[i]]++;
            (rows.X[j], rows.Y[j]) = (x[i], y[i]);
            if (weighted) rows.W[j] = weights[i];
            if (!counts.IsEmpty) rows.N[j] = counts[i];
        }

        // Routes share no rows: their subtrees are fitted on every core and collected in name order, so the result
        // does not depend on the threads.
        var routes = Enumerable.Range(0, routeNames.Count).OrderBy(r => routeNames[r], StringComparer.Ordinal)
            .Where(r => present.AsSpan(r * arms, arms).Contains(true)).ToArray();
        var subtrees = new List<SegmentFit>[routes.Length];
        var armOrder = Enumerable.Range(0, arms).OrderBy(a => armNames[a], StringComparer.Ordinal).ToArray();
        var parent = results[0];
        ParallelParts.Unwrapped(() => Parallel.For(0, routes.Length, i =>
        {
            int r = routes[i];
            var routeFit = FitOrFallBack(SegmentKey.ForRoute(routeNames[r]), parent, rows, start[r * arms],
                start[(r + 1) * arms], options, constraints);
            var subtree = new List<SegmentFit> { routeFit };
            foreach (int a in armOrder)
            {
                int s = start[r * arms + a], e = start[r * arms + a + 1];
                if (present[r * arms + a])
                    subtree.Add(FitOrFallBack(SegmentKey.ForRouteArm(routeNames[r], armNames[a]), routeFit, rows, s, e,
                        options, constraints));
            }
            subtrees[i] = subtree;
        }));
        foreach (var subtree in subtrees) results.AddRange(subtree);
        return results;
    }

    /// <summary>Rows of positive weight grouped by segment: scores, targets, weights and sample counts (the last two
    /// empty when not given).</summary>
    private sealed record SegmentRows(double[] X, double[] Y, double[] W, double[] N);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SegmentFit FitOrFallBack(SegmentKey key, SegmentFit parent, SegmentRows rows, int from, int to,
        CalibrationFitOptions options, IsotonicConstraints constraints)
    {
        int n = to - from;
        double wsum = 0, samples = 0;
        for (int i = from; i < to; i++)
        {
            wsum += rows.W.Length > 0 ? rows.W[i] : 1.0;
            samples += rows.N.Length > 0 ? rows.N[i] : 1;
        }
        long sampleCount = (long)samples;
        if (sampleCount >= options.MinSamples && n > 0)
        {
            var sx = rows.X.AsSpan(from, n);
            var sy = rows.Y.AsSpan(from, n);
            var sw = rows.W.Length > 0 ? rows.W.AsSpan(from, n) : default;
            var isotonic = IsotonicFit.Fit(sx, sy, sw, constraints);
            return options.Method == CalibrationMethod.Isotonic
                ? Own(key, isotonic, sampleCount, options)
                : SegmentCurve.Fit(key, isotonic, sx, sy, sw, sampleCount, options, constraints);
        }
        return new SegmentFit(key, key.Parent, (int)Math.Min(sampleCount, int.MaxValue), wsum, false,
            parent.EffectiveKey, parent.Model);
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
        new(key, key.Parent, (int)Math.Min(samples, int.MaxValue), model.WeightSum, true, key, model);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RequireCodes(string column, ReadOnlySpan<int> codes, int count)
    {
        int bad = 0, first = -1;
        for (int i = 0; i < codes.Length; i++)
            if ((uint)codes[i] >= (uint)count) { if (bad++ == 0) first = i; }
        if (bad > 0)
            throw new ArgumentException(
                $"Column '{column}' has {bad} code(s) outside the {count} names; first at row {first} " +
                $"(code {codes[first]}).", column);
    }
}
