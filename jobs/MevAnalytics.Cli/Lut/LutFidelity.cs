using System.Text.Json;
using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Cli.Lut;

/// <summary>
/// Whether a table's curves answer with the fit: per segment with a curve, the largest |lookup - fit| over every knot
/// and midpoint, the fit being the knots the calibrate job reported in the version's <c>summary.json</c> (or, for a
/// table without one, the table's own knots).
/// </summary>
public static class LutFidelity
{
    /// <summary>One segment's comparison.</summary>
    public sealed record Segment(string Key, double MaxDiff, int Points, bool FromSummary);

    /// <summary>Every segment with a curve of <paramref name="lut"/>.</summary>
    public static IReadOnlyList<Segment> Of(LutFile lut)
    {
        var fits = SummaryFits(lut.Path);
        var result = new List<Segment>();
        var r = lut.Reader;
        for (int i = 0; i < r.SegmentCount; i++)
        {
            var c = r.SegmentAt(i);
            if (!c.HasCurve) continue;
            var (x, y, fromSummary) = fits.TryGetValue(c.Key, out var fit)
                ? (fit.X, fit.Y, true)
                : (Own(c, k => k.X), Own(c, k => k.Y), false);
            var (_, diff, _, _, points) = FittedCurveCheck.Worst(c, new FittedCurve(c.Key, x, Model(x, y)));
            result.Add(new Segment(c.Key, diff, points, fromSummary));
        }
        return result;
    }

    private static double[] Own(CalibrationCurveView c, Func<CalibrationKnot, double> part)
    {
        var values = new double[c.KnotCount];
        for (int k = 0; k < values.Length; k++) values[k] = part(c.Knot(k));
        return values;
    }

    /// <summary>The fit of knots <paramref name="x"/>, <paramref name="y"/>: the calibration library's model (numpy's
    /// arithmetic), or for knots with tied x, which it does not take, the knots' plain interpolation.</summary>
    private static Func<double, double> Model(double[] x, double[] y)
    {
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > x[i - 1]) continue;
            var knots = x.Zip(y, (a, b) => new CalibrationKnot(a, b)).ToArray();
            return score => CalibrationGrid.Evaluate(knots, score);
        }
        return IsotonicModel.FromKnots(x, y).Predict;
    }

    /// <summary>The fitted knots by key from the table's summary companion, when it has one.</summary>
    private static Dictionary<string, (double[] X, double[] Y)> SummaryFits(string? path)
    {
        var fits = new Dictionary<string, (double[] X, double[] Y)>(StringComparer.Ordinal);
        if (path is null || !path.EndsWith(".lut", StringComparison.Ordinal)) return fits;
        var summary = path[..^4] + "." + LutJobRunner.SummarySuffix;
        if (!File.Exists(summary)) return fits;
        try
        {
            using var stream = ArtifactFile.Open(summary, ArtifactFile.MaxJsonBytes);
            var document = JsonSerializer.Deserialize(stream,
                SummaryJsonContext.Default.SummaryDocumentCalibrationSummary);
            foreach (var segment in document?.Summary.Targets.SelectMany(t => t.Segments) ?? [])
                if (segment.OwnFit && segment.KnotsX.Length > 1) fits[segment.Key] = (segment.KnotsX, segment.KnotsY);
        }
        catch (JsonException)
        {
            // Not a calibration summary: the table's own knots are the reference.
        }
        return fits;
    }
}
