using System.Text.Json;
using MevAnalytics.Data.Connection;
using MevAnalytics.Integration.Tests.Bandit;
using MevAnalytics.Jobs.Latency;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Integration.Tests.Latency;

/// <summary>The <c>latency</c> job's rollup quantiles against exact quantiles of the raw probes.</summary>
[Collection(BanditEngineCollection.Name)]
public sealed class LatencyGroundTruthTests(BanditHistoryFixture fixture)
{
    private static readonly double[] Levels = [0.5, 0.9, 0.99, 0.999];

    /// <summary>
    /// Stated t-digest error, as rank error: the raw empirical CDF at each reported quantile q_p lies within
    /// p +/- Tolerance[p]. Rank error is what a t-digest bounds (values can move a lot in a sparse tail).
    /// </summary>
    private static readonly double[] RankTolerance = [0.01, 0.006, 0.002, 0.0005];

    [Fact]
    public async Task Rollup_quantiles_agree_with_exact_quantiles_of_the_raw_samples_within_the_tdigest_error()
    {
        var truth = fixture.Histories[0].Truth;
        await using var session = await fixture.SessionAsync(
            new Dictionary<string, string?> { ["Latency:Window"] = "12:00:00" });
        var outcome = await JobRunner.RunAsync(new LatencyJob(), session.Context("test", utcNow: truth.End), default);
        Assert.True(outcome.Status == JobStatus.Published, outcome.Summary);
        var rows = LutRows.Latencies(outcome.Outputs[0]);
        var endpoints = rows.Where(r => r.Endpoint != LatencyMapping.RouteEndpoint).ToList();
        Assert.Equal(truth.Routes.Sum(r => r.Endpoints.Count), endpoints.Count);
        Assert.Equal(truth.Routes.Count, rows.Count(r => r.Endpoint == LatencyMapping.RouteEndpoint));

        var worst = new double[4];
        foreach (var row in endpoints)
        {
            var p = new QueryParameters().Add("route", row.Route).Add("endpoint", row.Endpoint)
                .Add("from", new DateTimeOffset(truth.Start).ToUnixTimeMilliseconds())
                .Add("to", new DateTimeOffset(truth.End).ToUnixTimeMilliseconds())
                .Add("q1", row.P50).Add("q2", row.P90).Add("q3", row.P99).Add("q4", row.P999);
            var exact = (await fixture.Db.QueryAsync("""
                SELECT count(), countIf(ok = 0), countIf(ok = 1),
                       countIf(ok = 1 AND rtt_ms <= {q1:Float64}), countIf(ok = 1 AND rtt_ms <= {q2:Float64}),
                       countIf(ok = 1 AND rtt_ms <= {q3:Float64}), countIf(ok = 1 AND rtt_ms <= {q4:Float64}),
                       quantilesExactIf(0.5, 0.9, 0.99, 0.999)(rtt_ms, ok = 1)
                FROM latency_samples
                WHERE route = {route:String} AND endpoint = {endpoint:String}
                  AND ts >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')
                  AND ts < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
                """, p, r => (Count: Convert.ToInt64(r.GetValue(0)), Errors: Convert.ToInt64(r.GetValue(1)),
                    Ranks: Enumerable.Range(3, 4)
                        .Select(i => Convert.ToDouble(r.GetValue(i)) / Convert.ToDouble(r.GetValue(2))).ToArray(),
                    Exact: ((System.Collections.IEnumerable)r.GetValue(7)).Cast<object>().Select(Convert.ToDouble)
                        .ToArray()))).Single();
            Assert.Equal(exact.Count, row.Count);
            Assert.Equal((double)exact.Errors / exact.Count, row.ErrorRate, 12);
            for (var i = 0; i < 4; i++)
            {
                var rankError = Math.Abs(exact.Ranks[i] - Levels[i]);
                worst[i] = Math.Max(worst[i], rankError);
                Assert.True(rankError <= RankTolerance[i],
                    $"{row.Route}/{row.Endpoint} p{Levels[i] * 100}: t-digest " +
                    $"{new[] { row.P50, row.P90, row.P99, row.P999 }[i]:F2} ms is at raw rank {exact.Ranks[i]:F5} " +
                    $"(exact quantile {exact.Exact[i]:F2} ms)");
            }
        }
        Console.WriteLine(
            $"worst rank errors p50/p90/p99/p999: {string.Join(" / ", worst.Select(w => w.ToString("F5")))}");
    }

    [Fact]
    public async Task Slo_flags_and_hedge_delays_are_in_the_summary()
    {
        var truth = fixture.Histories[0].Truth;
        var tokyo = truth.Routes.Single(r => r.Name == "jito-tokyo");
        await using var session = await fixture.SessionAsync(new Dictionary<string, string?>
        {
            ["Latency:Window"] = "12:00:00",
            // A p50 target below tokyo's true median must breach; a generous one elsewhere must not.
            ["Latency:Model:Targets:jito-tokyo:P50Ms"] =
                (tokyo.P50Ms * 0.8).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Latency:Model:DefaultTarget:P50Ms"] = "10000",
        });
        var outcome = await JobRunner.RunAsync(new LatencyJob(), session.Context("test", utcNow: truth.End), default);
        Assert.True(outcome.Status == JobStatus.Published, outcome.Summary);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(outcome.Outputs[1]));
        var routes = doc.RootElement.GetProperty("summary").GetProperty("main").GetProperty("routes")
            .EnumerateArray().ToList();
        foreach (var r in routes)
        {
            var name = r.GetProperty("route").GetString()!;
            var breaches = r.GetProperty("breaches").GetString()!;
            Assert.Equal(name == "jito-tokyo", breaches.Contains("P50"));
            // Hedge at the route's p95: between its p90 and p99.
            var hedge = r.GetProperty("hedgeDelayMs").GetDouble();
            Assert.InRange(hedge, r.GetProperty("p90Ms").GetDouble(), r.GetProperty("p99Ms").GetDouble());
        }
    }
}
