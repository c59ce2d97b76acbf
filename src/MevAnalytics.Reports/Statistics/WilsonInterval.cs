namespace MevAnalytics.Reports.Statistics;

/// <summary>
/// Wilson score interval of a binomial proportion. Chosen over the normal (Wald) interval because it stays inside
/// [0, 1] and keeps its coverage near 0 and 1, where landing probabilities of cheap tip arms live.
/// </summary>
public static class WilsonInterval
{
    /// <summary>z of a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Interval of <paramref name="successes"/> in <paramref name="trials"/> (weights allowed); (NaN, NaN) for
    /// no trials.</summary>
    public static (double Lower, double Upper) Compute(double successes, double trials, double z = Z95)
    {
        if (!(trials > 0)) return (double.NaN, double.NaN);
        double p = Math.Clamp(successes / trials, 0, 1);
        double z2 = z * z;
        double denominator = 1 + z2 / trials;
        double centre = (p + z2 / (2 * trials)) / denominator;
        double half = z * Math.Sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
