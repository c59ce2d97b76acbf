using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Metrics;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Segments;

namespace MevAnalytics.Calibration.Holdout;

/// <summary>
/// Holdout evaluation (pure): per segment, the raw score (before) against the segment's applying curve (after), on the
/// holdout rows of that segment, each row weighted by its sample count N (decay weights are for fitting only).
/// With push-down buckets a row is a bucket: forecasts are taken at the bucket's score (within r/2 of each row's), its
/// label is the bucket frequency; log loss and Brier are then exact for those forecasts, while equal-mass bin edges are
/// quantiles over buckets rather than rows.
/// </summary>
public static class HoldoutEvaluation
{
    /// <summary>Metrics of one segment; null parts when the segment has no holdout rows.</summary>
    public sealed record SegmentMetrics(
        ProbabilityMetrics? Before, ProbabilityMetrics? After, EvMetrics? EvBefore, EvMetrics? EvAfter);

    /// <summary>Evaluates every segment of <paramref name="fits"/> on <paramref name="holdout"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyDictionary<string, SegmentMetrics> Evaluate(IReadOnlyList<SegmentFit> fits,
        CalibrationSample holdout, int binCount)
    {
        bool p = holdout.Target == CalibrationTarget.PLand;
        var segmentRows = RowsOf(fits, holdout);
        // Segments are evaluated on every core, each worker with one set of pooled gather buffers (a job evaluates
        // dozens of segments per target); each segment's metrics depend on its rows only, not on the threads.
        var metrics = new SegmentMetrics[fits.Count];
        ParallelParts.Unwrapped(() => Parallel.For(0, fits.Count, () => new double[]?[3], (i, _, buffers) =>
        {
            metrics[i] = Segment(fits[i], buffers);
            return buffers;
        }, buffers =>
        {
            foreach (var buffer in buffers) if (buffer is not null) ArrayPool<double>.Shared.Return(buffer);
        }));
        var result = new Dictionary<string, SegmentMetrics>(StringComparer.Ordinal);
        for (int i = 0; i < fits.Count; i++) result[fits[i].Key.ToString()] = metrics[i];
        return result;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        SegmentMetrics Segment(SegmentFit f, double[]?[] buffers)
        {
            var rows = segmentRows.TryGetValue(f.Key, out var r) ? CollectionsMarshal.AsSpan(r) : [];
            if (rows.Length == 0) return new SegmentMetrics(null, null, null, null);
            for (int b = 0; b < buffers.Length; b++) buffers[b] ??= Rent(holdout.Count);
            Span<double> x = buffers[0].AsSpan(0, rows.Length), y = buffers[1].AsSpan(0, rows.Length),
                n = buffers[2].AsSpan(0, rows.Length);
            for (int j = 0; j < rows.Length; j++)
                (x[j], y[j], n[j]) = (holdout.X[rows[j]], holdout.Y[rows[j]], holdout.N[rows[j]]);
            if (p)
            {
                var m = CalibrationEvaluator.EvaluateProbability(f.Key.ToString(), f.Model, x, y, n, binCount);
                return new SegmentMetrics(m.Before, m.After, null, null);
            }
            var e = CalibrationEvaluator.EvaluateEv(f.Key.ToString(), f.Model, x, y, n);
            return new SegmentMetrics(null, null, e.Before, e.After);
        }
    }

    private static double[] Rent(int length) => ArrayPool<double>.Shared.Rent(Math.Max(length, 1));

    /// <summary>
    /// Holdout log loss and equal-mass ECE of a table, each row looked up by its own segment key as the runtime does
    /// (<c>route/arm</c>, <c>route</c> or <c>*</c> by the levels fitted); forecasts are clamped to [0, 1].
    /// </summary>
    /// <param name="calibrate">The table's lookup: (segment key, scores, results) fills results with the calibrated
    /// probabilities of the scores, all under that key.</param>
    /// <param name="holdout">p_land holdout rows, weighted by their sample counts N.</param>
    /// <param name="byRoute">Rows are looked up by their route.</param>
    /// <param name="byArm">Rows are looked up by route and arm.</param>
    /// <param name="binCount">Equal-mass reliability bins of the ECE.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TableScore ScoreTable(Action<string, ReadOnlySpan<double>, Span<double>> calibrate,
        CalibrationSample holdout, bool byRoute, bool byArm, int binCount)
    {
        var p = new double[holdout.Count];
        var keys = new Dictionary<(int, int), string>();
        string? runKey = null;
        int runStart = 0;
        // Rows come grouped by route and arm: each run of rows under one key is one call, its curve resolved once.
        for (int i = 0; i <= holdout.Count; i++)
        {
            string? key = null;
            if (i < holdout.Count)
            {
                var k = (holdout.Route[i], holdout.Arm[i]);
                if (!keys.TryGetValue(k, out key))
                    keys[k] = key = byArm ? $"{holdout.RouteNames[k.Item1]}/{holdout.ArmNames[k.Item2]}"
                        : byRoute ? holdout.RouteNames[k.Item1] : "*";
                if (ReferenceEquals(key, runKey)) continue;
            }
            if (runKey is not null)
                calibrate(runKey, holdout.X.AsSpan(runStart, i - runStart), p.AsSpan(runStart, i - runStart));
            (runKey, runStart) = (key, i);
        }
        for (int i = 0; i < p.Length; i++) p[i] = Math.Clamp(p[i], 0, 1);
        var y = holdout.Y.AsSpan(0, holdout.Count);
        var n = holdout.N.AsSpan(0, holdout.Count);
        return new TableScore(LogLoss.Compute(p, y, n),
            ReliabilityDiagram.Compute(p, y, n, binCount, BinningStrategy.EqualMass).ExpectedCalibrationError);
    }

    /// <summary>Weighted RMS and max |model - truth| over the holdout score distribution (weights N).</summary>
    public static (double Rms, double MaxAbs) DistanceFromTruth(IsotonicModel model, CalibrationSample holdout,
        Func<double, double> truth)
    {
        double sq = 0, total = 0, max = 0;
        for (int i = 0; i < holdout.Count; i++)
        {
            double d = model.Predict(holdout.X[i]) - truth(holdout.X[i]);
            sq += holdout.N[i] * d * d;
            total += holdout.N[i];
            max = Math.Max(max, Math.Abs(d));
        }
        return (total > 0 ? Math.Sqrt(sq / total) : double.NaN, max);
    }

    /// <summary>
    /// The rows of every segment of <paramref name="fits"/>, each in row order, in one pass over the sample: a row
    /// belongs to the global segment, its route's and its route and arm's. Segments naming a route or arm the sample
    /// lacks have no rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<SegmentKey, List<int>> RowsOf(IReadOnlyList<SegmentFit> fits, CalibrationSample s)
    {
        var byCodes = new Dictionary<(int Route, int Arm), List<int>>();
        var result = new Dictionary<SegmentKey, List<int>>();
        foreach (var f in fits)
        {
            // Codes, not names, per row: a segment's route and arm are looked up once.
            int route = f.Key.Route is { } r ? IndexOf(s.RouteNames, r) : -1;
            int arm = f.Key.Arm is { } a ? IndexOf(s.ArmNames, a) : -1;
            if ((f.Key.Route is not null && route < 0) || (f.Key.Arm is not null && arm < 0)) continue;
            if (!byCodes.TryGetValue((route, arm), out var rows)) byCodes[(route, arm)] = rows = [];
            result[f.Key] = rows;
        }
        byCodes.TryGetValue((-1, -1), out var global);
        for (int i = 0; i < s.Count; i++)
        {
            global?.Add(i);
            if (byCodes.TryGetValue((s.Route[i], -1), out var route)) route.Add(i);
            if (byCodes.TryGetValue((s.Route[i], s.Arm[i]), out var routeArm)) routeArm.Add(i);
        }
        return result;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }
}
