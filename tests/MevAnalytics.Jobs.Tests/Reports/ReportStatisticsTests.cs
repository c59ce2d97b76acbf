using System.Diagnostics;
using System.Globalization;
using MevAnalytics.Jobs.Reports.Sections;
using MevAnalytics.Oracles.Python;
using MevAnalytics.Reports.Statistics;

namespace MevAnalytics.Jobs.Tests.Reports;

/// <summary>The report's interval and test statistics against SciPy (Debian's python3-scipy) and closed
/// forms.</summary>
public sealed class ReportStatisticsTests
{
    private static readonly (int K, int N)[] Cases =
        [(0, 10), (1, 10), (37, 100), (500, 1000), (999, 1000), (12, 13), (3, 250_000)];

    [SklearnFact] // skipped, with the reason, without Debian's python3-sklearn (which brings scipy)
    public async Task Wilson_interval_matches_scipy()
    {
        const string script = """
            import sys
            from scipy.stats import binomtest
            for arg in sys.argv[1:]:
                k, n = map(int, arg.split('/'))
                ci = binomtest(k, n).proportion_ci(0.95, 'wilson')
                print(repr(float(ci.low)), repr(float(ci.high)))
            """;
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", script, .. Cases.Select(c => $"{c.K}/{c.N}")])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, "scipy oracle failed (python3-sklearn brings scipy): " + error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < Cases.Length; i++)
        {
            var expected = lines[i].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var (lower, upper) = WilsonInterval.Compute(Cases[i].K, Cases[i].N);
            Assert.Equal(expected[0], lower, 1e-9);
            Assert.Equal(expected[1], upper, 1e-9);
        }
    }

    [Fact]
    public void Two_proportion_z_is_the_pooled_closed_form_and_flags_only_real_moves()
    {
        // 500/1000 -> 560/1000: pooled p = 0.53, se = sqrt(0.53 * 0.47 * 2 / 1000).
        double z = ProportionShift.Z(500, 1000, 560, 1000);
        Assert.Equal(0.06 / Math.Sqrt(0.53 * 0.47 * 0.002), z, 12);
        Assert.True(Math.Abs(z) < ProportionShift.AttentionZ);
        Assert.True(ProportionShift.Z(50_000, 100_000, 51_000, 100_000) > ProportionShift.AttentionZ);
        Assert.True(double.IsNaN(ProportionShift.Z(0, 0, 5, 10)));
    }

    [Fact]
    public void Reliability_points_bin_by_equal_mass_and_their_interval_covers_the_bin_frequency()
    {
        var rng = new Random(3);
        int n = 20_000;
        var p = new double[n]; var y = new double[n]; var w = new double[n];
        for (int i = 0; i < n; i++) { p[i] = rng.NextDouble(); y[i] = rng.NextDouble() < p[i] ? 1 : 0; w[i] = 1; }

        var points = ReliabilityPoints.Compute(p, y, w, 10);

        Assert.Equal(10, points.Forecast.Length);
        Assert.All(points.Sends, s => Assert.InRange(s, 1_990, 2_010)); // equal mass
        for (int b = 0; b < 10; b++)
        {
            Assert.InRange(points.Observed[b], points.Lower[b], points.Upper[b]);
            Assert.InRange(points.Forecast[b],
                points.Lower[b] - 0.03, points.Upper[b] + 0.03); // calibrated by construction
        }
        Assert.True(points.Ece < 0.02, $"ECE {points.Ece}");
    }
}
