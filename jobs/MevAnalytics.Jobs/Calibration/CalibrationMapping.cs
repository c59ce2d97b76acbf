using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Segments;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>Segment fits as LUT calibration segments, and the fits the published table must answer with.</summary>
public static class CalibrationMapping
{
    /// <summary>LUT segments: own fits carry their model's knots; fallbacks are fallback-only records pointing at
    /// their parent.</summary>
    public static IEnumerable<CalibrationSegment> ToLut(IReadOnlyList<SegmentFit> fits, CalibrationTarget target)
    {
        foreach (var f in fits)
        {
            string key = CalibrationCurves.LutKey(target, f.Key);
            string? parent = f.ParentKey is { } pk ? CalibrationCurves.LutKey(target, pk) : null;
            yield return new CalibrationSegment(key, parent, f.Rows, f.OwnFit ? Knots(f) : []);
        }
    }

    /// <summary>Every own fit of <paramref name="fits"/> as the curve the table must answer with
    /// (<see cref="FittedCurveCheck"/>).</summary>
    public static IEnumerable<FittedCurve> Fitted(IReadOnlyList<SegmentFit> fits, CalibrationTarget target) =>
        fits.Where(f => f.OwnFit).Select(f => new FittedCurve(CalibrationCurves.LutKey(target, f.Key),
            Knots(f).Select(k => k.X).ToArray(), f.Model.Predict));

    private static CalibrationKnot[] Knots(SegmentFit f)
    {
        var m = f.Model;
        var knots = new CalibrationKnot[m.XThresholds.Length];
        for (int k = 0; k < knots.Length; k++) knots[k] = new CalibrationKnot(m.XThresholds[k], m.YThresholds[k]);
        if (knots.Length > 1) return knots;
        // Every score equal: a constant curve. The table needs a range; it clips to the value on either side anyway.
        double x = knots[0].X;
        return [knots[0], new CalibrationKnot(x + Math.Max(1e-9, Math.Abs(x) * 1e-9), knots[0].Y)];
    }
}
