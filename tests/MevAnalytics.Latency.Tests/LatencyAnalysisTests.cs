using MathNet.Numerics.Distributions;
using MevAnalytics.Fitting;
using MevAnalytics.Latency;

namespace MevAnalytics.Latency.Tests;

public class LatencyAnalysisTests
{
    private static EndpointLatencyRow LogNormalRow(string route, string endpoint, long count, long errors, double mu,
        double sigma)
    {
        double Q(double p) => LogNormal.InvCDF(mu, sigma, p);
        return new EndpointLatencyRow(route, endpoint, count, errors, Q(0.5), Q(0.9), Q(0.99), Q(0.999));
    }

    [Theory]
    [InlineData(4.38, 0.6, 0.05)]
    [InlineData(3.0, 1.2, 0.01)]
    [InlineData(5.5, 0.15, 0.2)]
    public void Hedge_delay_on_a_log_normal_endpoint_is_the_closed_form_quantile(double mu, double sigma, double h)
    {
        var result = LatencyAnalysis.Analyze([LogNormalRow("jito-ny", "e1", 10_000, 50, mu, sigma)],
            new LatencyOptions { HedgeTailProbability = h });
        var route = Assert.Single(result.Routes);
        var expected = Math.Exp(mu + sigma * Normal.InvCDF(0, 1, 1 - h));
        Assert.Equal(1, route.HedgeDelayMs / expected, 9);
        Assert.Equal(h, route.HedgeFireRate);
        Assert.Equal(0.005, route.ErrorRate, 12);
        // The interpolated curve reproduces the log-normal beyond the knots too (tails extrapolated in z).
        var curve = new QuantileCurve(route.P50Ms, route.P90Ms, route.P99Ms, route.P999Ms);
        foreach (var p in new[] { 0.01, 0.3, 0.95, 0.9999 })
            Assert.Equal(1, curve.Quantile(p) / LogNormal.InvCDF(mu, sigma, p), 9);
        Assert.Equal(LogNormal.CDF(mu, sigma, 123), curve.Cdf(123), 9);
    }

    [Fact]
    public void Route_quantiles_and_hedge_delay_are_those_of_the_count_weighted_endpoint_mixture()
    {
        var rows = new[] { LogNormalRow("tpu", "a", 3000, 0, 4.0, 0.5), LogNormalRow("tpu", "b", 1000, 0, 4.8, 0.9) };
        var route = LatencyAnalysis.Analyze(rows, new LatencyOptions { HedgeTailProbability = 0.03 }).Routes.Single();

        // Oracle: exact mixture CDF from MathNet's log-normal, inverted by bisection.
        double Exact(double p)
        {
            double lo = 1e-3, hi = 1e6;
            for (var i = 0; i < 200; i++)
            {
                var mid = Math.Sqrt(lo * hi);
                var f = 0.75 * LogNormal.CDF(4.0, 0.5, mid) + 0.25 * LogNormal.CDF(4.8, 0.9, mid);
                if (f < p) lo = mid; else hi = mid;
            }
            return hi;
        }
        Assert.Equal(1, route.P50Ms / Exact(0.5), 7);
        Assert.Equal(1, route.P90Ms / Exact(0.9), 7);
        Assert.Equal(1, route.P99Ms / Exact(0.99), 7);
        Assert.Equal(1, route.P999Ms / Exact(0.999), 7);
        Assert.Equal(1, route.HedgeDelayMs / Exact(0.97), 7);
        Assert.Equal(2, route.Endpoints);
    }

    [Fact]
    public void Slo_breaches_use_the_route_target_or_the_default()
    {
        var options = new LatencyOptions
        {
            Targets = { ["slow"] = new SloTarget(P50Ms: 50, P999Ms: 10_000, MaxErrorRate: 0.5) },
            DefaultTarget = new SloTarget(P99Ms: 200, MaxErrorRate: 0.01),
        };
        var rows = new[]
        {
            new EndpointLatencyRow("slow", "e", 100, 10, 60, 100, 300, 900),
            new EndpointLatencyRow("fast", "e", 100, 2, 20, 40, 250, 400),
            new EndpointLatencyRow("ok", "e", 100, 0, 20, 40, 150, 400),
        };
        var result = LatencyAnalysis.Analyze(rows, options);
        Assert.Equal(SloBreach.P50, result.Endpoints.Single(e => e.Route == "slow").Breaches);
        Assert.Equal(SloBreach.P99 | SloBreach.ErrorRate, result.Endpoints.Single(e => e.Route == "fast").Breaches);
        Assert.Equal(SloBreach.None, result.Endpoints.Single(e => e.Route == "ok").Breaches);
        Assert.Equal(SloBreach.P99 | SloBreach.ErrorRate, result.Routes.Single(r => r.Route == "fast").Breaches);
    }

    [Fact]
    public void Bad_rows_are_counted_and_outputs_stay_finite()
    {
        var rows = new[]
        {
            new EndpointLatencyRow("r", "good", 500, 5, 10, 20, 40, 80),
            new EndpointLatencyRow("r", "neg", 500, 5, -1, 20, 40, 80),
            new EndpointLatencyRow("r", "nan", 500, 5, 10, 20, double.NaN, 80),
            new EndpointLatencyRow("r", "decreasing", 500, 5, 10, 20, 15, 80),
            new EndpointLatencyRow("r", "errors", 5, 6, 10, 20, 40, 80),
            new EndpointLatencyRow("r", "tiny", 3, 0, 900, 900, 900, 900), // below MinSamples: not in the mixture
            new EndpointLatencyRow("dead", "all-failed", 40, 40, double.NaN, double.NaN, double.NaN, double.NaN),
        };
        var result = LatencyAnalysis.Analyze(rows, new LatencyOptions());
        Assert.Equal(4, result.Skipped.Total);
        Assert.Equal(1, result.Skipped.Counts["P99Ms is NaN"]);
        Assert.Equal(1, result.Skipped.Counts["P99Ms is below P90Ms"]);
        var r = result.Routes.Single(x => x.Route == "r");
        Assert.Equal(1, r.Endpoints);
        Assert.Equal(40, r.P99Ms, 9); // only "good"
        var dead = result.Routes.Single(x => x.Route == "dead");
        Assert.False(dead.HasQuantiles);
        Assert.Equal(1.0, dead.ErrorRate);
        Assert.True(dead.Breaches.HasFlag(SloBreach.ErrorRate));
        foreach (var x in result.Routes)
            Assert.All(new[] { x.P50Ms, x.P90Ms, x.P99Ms, x.P999Ms, x.HedgeDelayMs, x.ErrorRate, x.HedgeFireRate },
                v => Assert.True(double.IsFinite(v)));
        foreach (var x in result.Endpoints)
            Assert.All(new[] { x.P50Ms, x.P90Ms, x.P99Ms, x.P999Ms, x.ErrorRate },
                v => Assert.True(double.IsFinite(v)));

        var ex = Assert.Throws<InputRowException>(
            () => LatencyAnalysis.Analyze(rows, new LatencyOptions { StrictInput = true }));
        Assert.Equal(1, ex.RowIndex);
        Assert.Equal("P50Ms", ex.Column);
    }

    [Fact]
    public void Hedge_delay_grows_as_the_tail_probability_shrinks_on_a_heavy_tail()
    {
        var row = new EndpointLatencyRow("r", "e", 1000, 0, 30, 45, 200, 1500);
        var delays = new[] { 0.2, 0.1, 0.05, 0.01, 0.001 }
            .Select(h => LatencyAnalysis.Analyze([row], new LatencyOptions { HedgeTailProbability = h })
                .Routes[0].HedgeDelayMs).ToArray();
        for (var i = 1; i < delays.Length; i++) Assert.True(delays[i] > delays[i - 1]);
        Assert.Equal(45, delays[1], 9);
        Assert.Equal(200, delays[3], 9);
        Assert.InRange(delays[2], 45, 200);
    }

    [Fact]
    public void Options_validation_names_the_option()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new LatencyOptions { HedgeTailProbability = 0 }.Validate());
        Assert.Contains("HedgeTailProbability", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new LatencyOptions { Targets = { ["x"] = new SloTarget(P99Ms: -5) } }.Validate());
        Assert.Contains("Targets[x].P99Ms", ex.Message);
    }
}
