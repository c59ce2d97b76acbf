using System.Runtime.CompilerServices;
using MevAnalytics.Calibration.Segments;

namespace MevAnalytics.Calibration.Samples;

/// <summary>
/// Fits one target's training rows into the segment tree (global "*" -> route -> route/arm). p_land curves are
/// clipped to [0, 1]; EV curves are the isotonic regression of payoff on ev_est bounded by their fit options, and
/// their LUT keys carry the prefix "ev:" with their own parent chain ("ev:route/arm" -> "ev:route" -> "ev:*").
/// </summary>
public static class CalibrationCurves
{
    /// <summary>Fits the training part of <paramref name="sample"/> at the levels <paramref name="byRoute"/> and
    /// <paramref name="byArm"/> allow; <paramref name="source"/> names the input in errors.</summary>
    /// <exception cref="ArgumentException">No training rows, or p_land labels of a single class.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<SegmentFit> Fit(CalibrationSample sample, CalibrationFitOptions options, bool byRoute,
        bool byArm, string source)
    {
        var train = sample.Part(holdout: false);
        bool p = sample.Target == CalibrationTarget.PLand;
        string what = p ? "p_land" : "EV";
        if (train.Count == 0)
            throw new ArgumentException(
                $"{source}: the training window has no {what} rows (empty window): nothing to fit, nothing published.");
        if (p)
        {
            double wsum = 0, ysum = 0;
            for (int i = 0; i < train.Count; i++) { wsum += train.W[i]; ysum += train.W[i] * train.Y[i]; }
            if (ysum <= 0 || ysum >= wsum)
                throw new ArgumentException(
                    $"{source}: column 'label' has a single class ({(ysum <= 0 ? "only 0" : "only 1")} in " +
                    $"{train.Samples():0} training rows): p_land calibration needs landed and not-landed rows.");
        }
        byArm &= byRoute;
        var route = byRoute ? train.Route : new int[train.Count];
        var arm = byArm ? train.Arm : new int[train.Count];
        IReadOnlyList<string> routeNames = byRoute ? train.RouteNames : ["all"];
        IReadOnlyList<string> armNames = byArm ? train.ArmNames : ["all"];
        int n = train.Count;
        var fits = SegmentedCalibration.Fit(train.X.AsSpan(0, n), train.Y.AsSpan(0, n), train.W.AsSpan(0, n),
            train.N.AsSpan(0, n), route.AsSpan(0, n), arm.AsSpan(0, n), routeNames, armNames, options);
        int maxDepth = byArm ? 2 : byRoute ? 1 : 0;
        return fits.Where(f => f.Key.Depth <= maxDepth).ToArray();
    }

    /// <summary>The LUT key of a segment of <paramref name="target"/>.</summary>
    public static string LutKey(CalibrationTarget target, SegmentKey key) =>
        target == CalibrationTarget.Ev ? CalibrationSample.EvKeyPrefix + key : key.ToString();

    /// <summary>True for the key of an EV segment (values in SOL, not probabilities).</summary>
    public static bool IsEvKey(string lutKey) =>
        lutKey.StartsWith(CalibrationSample.EvKeyPrefix, StringComparison.Ordinal);
}
