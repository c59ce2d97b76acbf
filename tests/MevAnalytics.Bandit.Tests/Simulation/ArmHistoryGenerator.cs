using MathNet.Numerics.Distributions;
using MevAnalytics.Bandit.Arms;

namespace MevAnalytics.Bandit.Tests.Simulation;

/// <summary>True, stationary parameters of one simulated arm.</summary>
public sealed record TrueArm(string Route, int Arm, double LandRate, double PayoffMeanSol, double PayoffStdSol,
    long TipLamports)
{
    public double ExpectedValueSol => LandRate * PayoffMeanSol - TipLamports / 1e9;
}

/// <summary>Seeded generator of 5-minute rollup rows from known arms (the test's ground truth).</summary>
public static class ArmHistoryGenerator
{
    public static readonly DateTime AsOf = new(2026, 1, 8, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Rows for every arm over <paramref name="hours"/> hours; pulls per bucket ~
    /// Poisson(<paramref name="pullsPerBucket"/>).</summary>
    public static List<ArmRollupRow> Rows(IEnumerable<TrueArm> arms, double hours, double pullsPerBucket, Random rng)
    {
        var rows = new List<ArmRollupRow>();
        var buckets = (int)(hours * 12);
        foreach (var arm in arms)
            for (var b = 0; b < buckets; b++)
            {
                var start = AsOf.AddMinutes(-5 * (b + 1));
                var pulls = Poisson.Sample(rng, pullsPerBucket);
                var lands = pulls == 0 ? 0 : Binomial.Sample(rng, arm.LandRate, pulls);
                double s = 0, q = 0;
                for (var i = 0; i < lands; i++)
                {
                    var x = Math.Max(0, Normal.Sample(rng, arm.PayoffMeanSol, arm.PayoffStdSol));
                    s += x; q += x * x;
                }
                rows.Add(new ArmRollupRow(start, arm.Route, arm.Arm, null, pulls, lands, s, q,
                    (double)pulls * arm.TipLamports));
            }
        return rows;
    }

    /// <summary>A route with <paramref name="armCount"/> tip arms whose landing rates are drawn from
    /// Beta(a, b).</summary>
    public static List<TrueArm> RouteFromBeta(string route, int armCount, double a, double b, Random rng) =>
        Enumerable.Range(0, armCount)
            .Select(i => new TrueArm(route, i, Beta.Sample(rng, a, b), 0.01, 0.004, 10_000L * (i + 1)))
            .ToList();
}
