using System.Runtime.CompilerServices;
namespace MevAnalytics.Calibration.Metrics;

/// <summary>Weighted mean negative log-likelihood of binary labels, forecasts clipped to [eps, 1 - eps] (as
/// scikit-learn's <c>log_loss</c>).</summary>
public static class LogLoss
{
    /// <summary>Default clipping epsilon: a forecast of exactly 0 or 1 costs at most -ln(1e-15) ~ 34.5 instead of
    /// infinity.</summary>
    public const double DefaultEpsilon = 1e-15;

    /// <summary>Log loss of forecasts <paramref name="p"/> for labels <paramref name="y"/> (0/1).</summary>
    public static double Compute(ReadOnlySpan<double> p, ReadOnlySpan<double> y, ReadOnlySpan<double> weights = default,
        double epsilon = DefaultEpsilon)
    {
        if (!(epsilon > 0 && epsilon < 0.5))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be in (0, 0.5).");
        ProbabilityInput.Validate(p, y, weights);
        return OfValidated(p, y, weights, epsilon);
    }

    /// <summary><see cref="Compute"/> of input already validated (<see cref="ProbabilityInput.Validate"/>) and an
    /// epsilon in (0, 0.5).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double OfValidated(ReadOnlySpan<double> p, ReadOnlySpan<double> y, ReadOnlySpan<double> weights,
        double epsilon = DefaultEpsilon)
    {
        double total = 0, loss = 0;
        for (int i = 0; i < p.Length; i++)
        {
            double w = weights.IsEmpty ? 1.0 : weights[i];
            double q = Math.Clamp(p[i], epsilon, 1 - epsilon);
            double l = 0;
            if (y[i] > 0) l -= y[i] * Math.Log(q);
            if (y[i] < 1) l -= (1 - y[i]) * Math.Log(1 - q);
            total += w;
            loss += w * l;
        }
        return loss / total;
    }
}
