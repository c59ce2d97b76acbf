using MathNet.Numerics.Distributions;

namespace MevAnalytics.Latency;

/// <summary>
/// A continuous latency distribution rebuilt from p50/p90/p99/p99.9: log(rtt) is interpolated linearly in the
/// normal score z = Phi^-1(p) between knots and extrapolated with the end slopes. A log-normal distribution is
/// reproduced exactly (log-quantiles are linear in z), and heavier tails bend the slope segment by segment.
/// </summary>
public sealed class QuantileCurve
{
    /// <summary>Probability levels of the knots.</summary>
    public static readonly double[] Levels = [0.5, 0.9, 0.99, 0.999];

    private static readonly double[] Z = Levels.Select(p => Normal.InvCDF(0, 1, p)).ToArray();
    private const double MinMs = 1e-3;
    private const double ZRange = 8.5;
    private readonly double[] _logQ;

    /// <summary>Builds the curve; quantiles must be finite, non-negative and non-decreasing.</summary>
    public QuantileCurve(double p50Ms, double p90Ms, double p99Ms, double p999Ms)
    {
        double[] q = [p50Ms, p90Ms, p99Ms, p999Ms];
        for (var i = 0; i < q.Length; i++)
        {
            if (!double.IsFinite(q[i]) || q[i] < 0)
                throw new ArgumentException($"Quantile p{Levels[i] * 100:0.#} must be finite and >= 0, got {q[i]}.");
            if (i > 0 && q[i] < q[i - 1])
                throw new ArgumentException(
                    $"Quantiles must be non-decreasing, got p{Levels[i] * 100:0.#}={q[i]} < " +
                    $"p{Levels[i - 1] * 100:0.#}={q[i - 1]}.");
        }
        _logQ = q.Select(x => Math.Log(Math.Max(x, MinMs))).ToArray();
    }

    /// <summary>Quantile at probability <paramref name="p"/> in (0, 1), ms.</summary>
    public double Quantile(double p) => QuantileAtZ(Normal.InvCDF(0, 1, p));

    /// <summary>Quantile at normal score <paramref name="z"/>, ms.</summary>
    public double QuantileAtZ(double z)
    {
        var k = z <= Z[1] ? 0 : z <= Z[2] ? 1 : 2; // segment, with the end segments extended outwards
        var slope = (_logQ[k + 1] - _logQ[k]) / (Z[k + 1] - Z[k]);
        return Math.Exp(_logQ[k] + slope * (z - Z[k]));
    }

    /// <summary>P(rtt &lt;= <paramref name="ms"/>): the largest p whose quantile does not exceed ms (bisection on
    /// z).</summary>
    public double Cdf(double ms)
    {
        if (ms < QuantileAtZ(-ZRange)) return 0;
        if (ms >= QuantileAtZ(ZRange)) return 1;
        double lo = -ZRange, hi = ZRange;
        for (var i = 0; i < 80; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (QuantileAtZ(mid) <= ms) lo = mid; else hi = mid;
        }
        return Normal.CDF(0, 1, lo);
    }

    /// <summary>
    /// Quantile of a mixture of curves with non-negative weights (bisection on log ms, between the components'
    /// own quantiles, which bracket the mixture's).
    /// </summary>
    public static double MixtureQuantile(IReadOnlyList<(QuantileCurve Curve, double Weight)> components, double p)
    {
        var total = components.Sum(c => c.Weight);
        if (components.Count == 0 || !(total > 0))
            throw new ArgumentException("A mixture needs at least one component with positive weight.");
        if (components.Count == 1) return components[0].Curve.Quantile(p);
        var lo = Math.Log(components.Min(c => c.Curve.Quantile(p)));
        var hi = Math.Log(components.Max(c => c.Curve.Quantile(p)));
        for (var i = 0; i < 100 && hi - lo > 1e-13; i++)
        {
            var mid = 0.5 * (lo + hi);
            var x = Math.Exp(mid);
            var f = components.Sum(c => c.Weight * c.Curve.Cdf(x)) / total;
            if (f < p) lo = mid; else hi = mid;
        }
        return Math.Exp(hi);
    }
}
