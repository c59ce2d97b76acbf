using System.Text;

namespace MevAnalytics.Lut;

/// <summary>Per-segment comparison of the calibration curves of two tables.</summary>
public static class LutDiff
{
    /// <summary>
    /// For every segment key in either table, the max absolute difference between the curves the runtime would use.
    /// Both curves are piecewise linear and clip at their ends, so the maximum is attained at a breakpoint (a knot, or
    /// a grid point of a format-1 table) of one of them: evaluating at both curves' breakpoints is exact.
    /// </summary>
    public static IReadOnlyList<LutSegmentDiff> Calibration(LutReader a, LutReader b)
    {
        var inA = new HashSet<string>(StringComparer.Ordinal);
        var inB = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < a.SegmentCount; i++) inA.Add(a.SegmentAt(i).Key);
        for (int i = 0; i < b.SegmentCount; i++) inB.Add(b.SegmentAt(i).Key);
        var keys = new SortedSet<string>(inA.Concat(inB), StringComparer.Ordinal);
        var result = new List<LutSegmentDiff>(keys.Count);
        foreach (var key in keys)
        {
            var utf8 = Encoding.UTF8.GetBytes(key);
            double? max = null;
            if (a.TryGetCurve(utf8, out var ca) && b.TryGetCurve(utf8, out var cb))
                max = Math.Max(MaxAtBreakpoints(ca, ca, cb), MaxAtBreakpoints(cb, ca, cb));
            result.Add(new LutSegmentDiff(key, inA.Contains(key), inB.Contains(key), max));
        }
        return result;
    }

    private static double MaxAtBreakpoints(CalibrationCurveView points, CalibrationCurveView a,
        CalibrationCurveView b)
    {
        double max = 0;
        for (int i = 0; i < points.BreakpointCount; i++)
        {
            double x = points.Breakpoint(i);
            max = Math.Max(max, Math.Abs(a.Calibrate(x) - b.Calibrate(x)));
        }
        return max;
    }
}
