namespace MevAnalytics.Reports.Statistics;

/// <summary>
/// Two-proportion z statistic with the pooled standard error: how many standard errors a landing rate moved between
/// two windows. The report flags a route when |z| exceeds <see cref="AttentionZ"/>.
/// </summary>
public static class ProportionShift
{
    /// <summary>|z| beyond which a move is reported: 3.29 is a two-sided p of 0.001, strict because every route is
    /// tested.</summary>
    public const double AttentionZ = 3.290526731491926;

    /// <summary>z of rate 2 minus rate 1; NaN when either window has no trials or the pooled rate is 0 or 1.</summary>
    public static double Z(double successes1, double trials1, double successes2, double trials2)
    {
        if (!(trials1 > 0) || !(trials2 > 0)) return double.NaN;
        double p1 = successes1 / trials1, p2 = successes2 / trials2;
        double pooled = (successes1 + successes2) / (trials1 + trials2);
        double se = Math.Sqrt(pooled * (1 - pooled) * (1 / trials1 + 1 / trials2));
        return se > 0 ? (p2 - p1) / se : double.NaN;
    }
}
