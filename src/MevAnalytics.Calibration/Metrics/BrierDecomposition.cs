using System.Runtime.CompilerServices;
namespace MevAnalytics.Calibration.Metrics;

/// <summary>
/// Brier score with Murphy's decomposition over reliability bins: REL = sum_k s_k (f_k - o_k)^2,
/// RES = sum_k s_k (o_k - o)^2, UNC = o (1 - o), with s_k the bin's weight share, f_k its mean forecast,
/// o_k its observed frequency and o the overall frequency. BS = REL - RES + UNC exactly when forecasts are
/// constant within each bin; otherwise the difference is the within-bin forecast variance term.
/// </summary>
/// <param name="Brier">Weighted mean of (p - y)^2.</param>
/// <param name="Reliability">REL (smaller is better).</param>
/// <param name="Resolution">RES (larger is better).</param>
/// <param name="Uncertainty">UNC, depends on the labels only.</param>
public readonly record struct BrierDecomposition(
    double Brier, double Reliability, double Resolution, double Uncertainty)
{
    /// <summary>BS - (REL - RES + UNC): zero up to rounding when forecasts are constant within bins.</summary>
    public double Residual => Brier - (Reliability - Resolution + Uncertainty);

    /// <summary>Brier score and its decomposition on the bins of <paramref name="diagram"/> (built from the same
    /// rows).</summary>
    public static BrierDecomposition Compute(ReadOnlySpan<double> p, ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights, ReliabilityDiagram diagram)
    {
        ProbabilityInput.Validate(p, y, weights);
        return OfValidated(p, y, weights, diagram);
    }

    /// <summary><see cref="Compute"/> of input already validated (<see cref="ProbabilityInput.Validate"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static BrierDecomposition OfValidated(ReadOnlySpan<double> p, ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights, ReliabilityDiagram diagram)
    {
        double total = 0, sq = 0, ySum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double w = weights.IsEmpty ? 1.0 : weights[i];
            double d = p[i] - y[i];
            total += w;
            sq += w * d * d;
            ySum += w * y[i];
        }
        double o = ySum / total;
        double rel = 0, res = 0;
        foreach (var b in diagram.Bins)
        {
            double s = b.Weight / total;
            rel += s * (b.MeanForecast - b.ObservedFrequency) * (b.MeanForecast - b.ObservedFrequency);
            res += s * (b.ObservedFrequency - o) * (b.ObservedFrequency - o);
        }
        return new BrierDecomposition(sq / total, rel, res, o * (1 - o));
    }
}
