using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Segments;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>Segment fits as LUT calibration segments.</summary>
public static class CalibrationMapping
{
    /// <summary>LUT segments: own fits carry knots and a grid; fallbacks are fallback-only records pointing at their
    /// parent.</summary>
    public static IEnumerable<CalibrationSegment> ToLut(IReadOnlyList<SegmentFit> fits, CalibrationTarget target,
        int gridSize)
    {
        foreach (var f in fits)
        {
            string key = CalibrationCurves.LutKey(target, f.Key);
            string? parent = f.ParentKey is { } pk ? CalibrationCurves.LutKey(target, pk) : null;
            if (!f.OwnFit)
            {
                yield return new CalibrationSegment(key, parent, f.Rows, 0, 0, gridSize, []);
                continue;
            }
            var m = f.Model;
            var knots = new List<CalibrationKnot>(m.XThresholds.Length);
            for (int k = 0; k < m.XThresholds.Length; k++)
                knots.Add(new CalibrationKnot(m.XThresholds[k], m.YThresholds[k]));
            double xMin = m.XMin, xMax = m.XMax;
            if (!(xMax > xMin))
            {
                // Every score equal: a constant curve. The grid needs a non-empty range; lookups clip to the value
                // anyway.
                xMax = xMin + Math.Max(1e-9, Math.Abs(xMin) * 1e-9);
                knots.Add(new CalibrationKnot(xMax, knots[0].Y));
            }
            yield return new CalibrationSegment(key, parent, f.Rows, xMin, xMax, gridSize, knots);
        }
    }
}
