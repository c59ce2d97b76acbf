using System.Globalization;

namespace MevAnalytics.Lut;

/// <summary>A fitted curve a table must answer with: its key, its knots' scores, and the fit itself.</summary>
/// <param name="Key">Segment key with its own curve.</param>
/// <param name="KnotsX">The fit's knots.</param>
/// <param name="Predict">The fitted model.</param>
public sealed record FittedCurve(string Key, IReadOnlyList<double> KnotsX, Func<double, double> Predict);

/// <summary>
/// <c>fitted-curves</c>: the table answers with the fitted model. For every fitted segment the lookup is compared with
/// the model at every knot (the fit's and the table's) and at every midpoint between consecutive ones, where a
/// piecewise-linear difference would show, and must agree to <paramref name="tolerance"/>. A table that smooths,
/// drops or moves a knot is refused.
/// </summary>
/// <param name="curves">The fits, by key.</param>
/// <param name="tolerance">Largest allowed |lookup - model|. Default 1e-12.</param>
public sealed class FittedCurveCheck(IReadOnlyList<FittedCurve> curves, double tolerance = 1e-12) : ILutGateCheck
{
    /// <inheritdoc/>
    public string Name => "fitted-curves";

    /// <inheritdoc/>
    public LutCheckResult Check(LutFile candidate, LutFile? current)
    {
        var r = candidate.Reader;
        foreach (var fit in curves)
        {
            if (!r.TryGetCurve(fit.Key, out var curve) || curve.Key != fit.Key)
                return LutCheckResult.Fail($"segment '{fit.Key}' has no curve of its own in the table");
            var (x, diff, lookup, model, _) = Worst(curve, fit);
            if (!(diff <= tolerance))
                return LutCheckResult.Fail(string.Create(CultureInfo.InvariantCulture,
                    $"segment '{fit.Key}': the table reads {lookup:R} at score {x:R}, the fit {model:R} " +
                    $"(|diff| {diff:G3} > {tolerance:G3})"));
        }
        return LutCheckResult.Pass($"{curves.Count} fitted curves answered exactly");
    }

    /// <summary>The point of largest |lookup - model| among the knots and their midpoints, and how many points
    /// were compared.</summary>
    public static (double X, double Diff, double Lookup, double Model, int Points) Worst(CalibrationCurveView curve,
        FittedCurve fit)
    {
        var points = new SortedSet<double>(fit.KnotsX);
        for (int k = 0; k < curve.KnotCount; k++) points.Add(curve.Knot(k).X);
        var knots = points.ToArray();
        var xs = new List<double>(2 * knots.Length);
        for (int i = 0; i < knots.Length; i++)
        {
            xs.Add(knots[i]);
            if (i + 1 < knots.Length) xs.Add(knots[i] + (knots[i + 1] - knots[i]) / 2);
        }
        (double X, double Diff, double Lookup, double Model, int Points) worst =
            (double.NaN, 0, double.NaN, double.NaN, xs.Count);
        foreach (double x in xs)
        {
            double a = curve.Calibrate(x), b = fit.Predict(x), d = Math.Abs(a - b);
            if (d > worst.Diff || double.IsNaN(d)) worst = (x, d, a, b, xs.Count);
        }
        return worst;
    }
}
