using MevAnalytics.Calibration.Segments;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>
/// Pure step of the job: fits one target's training rows into the segment tree and turns the fits into LUT segments.
/// p_land curves are clipped to [0, 1]; EV curves are the isotonic regression of payoff on ev_est bounded to [0, EvMaxSol], stored
/// under keys prefixed "ev:" with their own parent chain ("ev:route/arm" -> "ev:route" -> "ev:*").
/// </summary>
public static class CalibrationCurves
{
    /// <summary>Fits the training part of <paramref name="sample"/>; the levels follow the options and the input's columns.</summary>
    public static IReadOnlyList<SegmentFit> Fit(CalibrationSample sample, CalibrationOptions options, bool hasRoute, bool hasArm, string source)
    {
        var train = sample.Part(holdout: false);
        bool p = sample.Target == CalibrationTarget.PLand;
        string what = p ? "p_land" : "EV";
        if (train.Count == 0)
            throw new ArgumentException($"{source}: the training window has no {what} rows (empty window): nothing to fit, nothing published.");
        if (p)
        {
            double wsum = 0, ysum = 0;
            for (int i = 0; i < train.Count; i++) { wsum += train.W[i]; ysum += train.W[i] * train.Y[i]; }
            if (ysum <= 0 || ysum >= wsum)
                throw new ArgumentException($"{source}: column 'label' has a single class ({(ysum <= 0 ? "only 0" : "only 1")} in " +
                                            $"{train.Samples():0} training rows): p_land calibration needs landed and not-landed rows.");
        }
        bool byRoute = options.ByRoute && hasRoute, byArm = options.ByArm && hasArm && byRoute;
        var route = byRoute ? train.Route : new int[train.Count];
        var arm = byArm ? train.Arm : new int[train.Count];
        IReadOnlyList<string> routeNames = byRoute ? train.RouteNames : ["all"];
        IReadOnlyList<string> armNames = byArm ? train.ArmNames : ["all"];
        var fits = SegmentedCalibration.Fit(train.X.AsSpan(0, train.Count), train.Y.AsSpan(0, train.Count), train.W.AsSpan(0, train.Count),
            train.N.AsSpan(0, train.Count), route.AsSpan(0, train.Count), arm.AsSpan(0, train.Count), routeNames, armNames,
            options.FitOptions(probability: p));
        int maxDepth = byArm ? 2 : byRoute ? 1 : 0;
        return fits.Where(f => f.Key.Depth <= maxDepth).ToArray();
    }

    /// <summary>The LUT key of a segment of <paramref name="target"/>.</summary>
    public static string LutKey(CalibrationTarget target, SegmentKey key) =>
        target == CalibrationTarget.Ev ? CalibrationSample.EvKeyPrefix + key : key.ToString();

    /// <summary>True for the key of an EV segment (values in SOL, not probabilities).</summary>
    public static bool IsEvKey(string lutKey) => lutKey.StartsWith(CalibrationSample.EvKeyPrefix, StringComparison.Ordinal);

    /// <summary>LUT segments: own fits carry knots and a grid; fallbacks are fallback-only records pointing at their parent.</summary>
    public static IEnumerable<CalibrationSegment> ToLut(IReadOnlyList<SegmentFit> fits, CalibrationTarget target, int gridSize)
    {
        foreach (var f in fits)
        {
            string key = LutKey(target, f.Key);
            string? parent = f.ParentKey is { } pk ? LutKey(target, pk) : null;
            if (!f.OwnFit)
            {
                yield return new CalibrationSegment(key, parent, f.Rows, 0, 0, gridSize, []);
                continue;
            }
            var m = f.Model;
            var knots = new List<CalibrationKnot>(m.XThresholds.Length);
            for (int k = 0; k < m.XThresholds.Length; k++) knots.Add(new CalibrationKnot(m.XThresholds[k], m.YThresholds[k]));
            double xMin = m.XMin, xMax = m.XMax;
            if (!(xMax > xMin))
            {
                // Every score equal: a constant curve. The grid needs a non-empty range; lookups clip to the value anyway.
                xMax = xMin + Math.Max(1e-9, Math.Abs(xMin) * 1e-9);
                knots.Add(new CalibrationKnot(xMax, knots[0].Y));
            }
            yield return new CalibrationSegment(key, parent, f.Rows, xMin, xMax, gridSize, knots);
        }
    }
}
