namespace MevAnalytics.Calibration.Metrics;

/// <summary>Holdout quality of probability forecasts (p_land).</summary>
/// <param name="Count">Rows evaluated.</param>
/// <param name="WeightSum">Sum of their weights.</param>
/// <param name="Brier">Brier score with Murphy's decomposition on the equal-mass bins.</param>
/// <param name="LogLoss">Log loss with <see cref="Metrics.LogLoss.DefaultEpsilon"/> clipping.</param>
/// <param name="EceEqualMass">ECE on equal-mass bins.</param>
/// <param name="MceEqualMass">MCE on equal-mass bins.</param>
/// <param name="EceEqualWidth">ECE on equal-width bins.</param>
/// <param name="MceEqualWidth">MCE on equal-width bins.</param>
public sealed record ProbabilityMetrics(long Count, double WeightSum, BrierDecomposition Brier, double LogLoss,
    double EceEqualMass, double MceEqualMass, double EceEqualWidth, double MceEqualWidth)
{
    /// <summary>Computes every metric for forecasts <paramref name="p"/> against labels <paramref name="y"/>.</summary>
    public static ProbabilityMetrics Compute(ReadOnlySpan<double> p, ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights = default, int binCount = 15) =>
        Compute(p, y, weights, binCount, sortedP: default);

    /// <summary><see cref="Compute(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, int)"/>, the
    /// equal-mass edges taken from <paramref name="sortedP"/>, the same forecasts in ascending order (empty: sort
    /// them here).</summary>
    internal static ProbabilityMetrics Compute(ReadOnlySpan<double> p, ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights, int binCount, ReadOnlySpan<double> sortedP)
    {
        ReliabilityDiagram.RequireBins(binCount);
        // One check of the columns for all four metrics: each public metric checks its own, which here was four
        // passes of six loops over every row for nothing.
        ProbabilityInput.Validate(p, y, weights);
        var massEdges = sortedP.IsEmpty
            ? ReliabilityDiagram.EqualMassEdges(p, binCount)
            : ReliabilityDiagram.EdgesOfSorted(sortedP, binCount);
        var mass = ReliabilityDiagram.OfValidated(p, y, weights, binCount, BinningStrategy.EqualMass, massEdges);
        var width = ReliabilityDiagram.OfValidated(p, y, weights, binCount, BinningStrategy.EqualWidth);
        double wsum = 0;
        if (weights.IsEmpty) wsum = p.Length; else foreach (double w in weights) wsum += w;
        return new ProbabilityMetrics(p.Length, wsum, BrierDecomposition.OfValidated(p, y, weights, mass),
            Metrics.LogLoss.OfValidated(p, y, weights), mass.ExpectedCalibrationError, mass.MaximumCalibrationError,
            width.ExpectedCalibrationError, width.MaximumCalibrationError);
    }
}
