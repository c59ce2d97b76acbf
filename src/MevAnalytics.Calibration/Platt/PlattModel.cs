using MevAnalytics.Calibration.Isotonic;

namespace MevAnalytics.Calibration.Platt;

/// <summary>
/// A fitted Platt (logistic) calibration curve on the score's log-odds: p = 1 / (1 + exp(-(Slope f + Offset))),
/// f = logit(score) with the score clamped to [<see cref="PlattScaling.ScoreEpsilon"/>, 1 - that].
/// Slope &gt;= 0, so the curve never decreases.
/// </summary>
/// <param name="Slope">Slope on the log-odds; 1 with offset 0 is the identity.</param>
/// <param name="Offset">Offset on the log-odds.</param>
public sealed record PlattModel(double Slope, double Offset)
{
    /// <summary>Calibrated probability of a score.</summary>
    public double Predict(double score) => PlattScaling.Sigmoid(Slope * PlattScaling.LogOdds(score) + Offset);

    /// <summary>
    /// The curve as a piecewise-linear table of <paramref name="gridSize"/> knots uniformly spaced over
    /// [<paramref name="xMin"/>, <paramref name="xMax"/>]: the grid the LUT samples, so the LUT holds the curve's
    /// exact values.
    /// </summary>
    public IsotonicModel ToTable(double xMin, double xMax, int gridSize, int rows, double weightSum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 2);
        if (!(xMax > xMin))
            return new IsotonicModel([xMin], [Predict(xMin)], true, rows, 1, weightSum);
        var x = new double[gridSize];
        var y = new double[gridSize];
        for (int i = 0; i < gridSize; i++)
        {
            x[i] = i == gridSize - 1 ? xMax : xMin + (xMax - xMin) * i / (gridSize - 1);
            y[i] = Predict(x[i]);
        }
        return new IsotonicModel(x, y, true, rows, gridSize, weightSum);
    }
}
