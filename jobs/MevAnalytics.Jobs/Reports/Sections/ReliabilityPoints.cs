using MevAnalytics.Calibration.Metrics;
using MevAnalytics.Reports.Statistics;

namespace MevAnalytics.Jobs.Reports.Sections;

/// <summary>
/// An equal-mass reliability diagram with a 95% Wilson interval per bin. Row weights are send counts (a push-down row
/// is a bucket of sends), so a bin's observed frequency is lands / sends and Wilson's binomial interval applies.
/// </summary>
/// <param name="Forecast">Mean forecast per non-empty bin.</param>
/// <param name="Observed">Observed landing frequency per bin.</param>
/// <param name="Lower">Wilson lower bound per bin.</param>
/// <param name="Upper">Wilson upper bound per bin.</param>
/// <param name="Sends">Sends (weight) per bin.</param>
/// <param name="Rows">Rows (buckets) per bin.</param>
/// <param name="Ece">Equal-mass expected calibration error of these bins.</param>
public sealed record ReliabilityPoints(
    double[] Forecast, double[] Observed, double[] Lower, double[] Upper, double[] Sends, long[] Rows, double Ece)
{
    /// <summary>Bins <paramref name="forecast"/> against labels <paramref name="y"/> (frequencies in [0, 1]) weighted
    /// by <paramref name="sends"/>.</summary>
    public static ReliabilityPoints Compute(ReadOnlySpan<double> forecast, ReadOnlySpan<double> y,
        ReadOnlySpan<double> sends, int bins)
    {
        var diagram = ReliabilityDiagram.Compute(forecast, y, sends, bins, BinningStrategy.EqualMass);
        var b = diagram.Bins;
        var intervals = b.Select(x => WilsonInterval.Compute(x.ObservedFrequency * x.Weight, x.Weight)).ToArray();
        return new ReliabilityPoints(b.Select(x => x.MeanForecast).ToArray(),
            b.Select(x => x.ObservedFrequency).ToArray(), intervals.Select(i => i.Lower).ToArray(),
            intervals.Select(i => i.Upper).ToArray(), b.Select(x => x.Weight).ToArray(),
            b.Select(x => x.Count).ToArray(), diagram.ExpectedCalibrationError);
    }
}
