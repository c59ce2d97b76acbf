using MevAnalytics.Data.Ingest;
using MevAnalytics.Integration.Tests.Engine;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;
using MevAnalytics.Simulation.History;

namespace MevAnalytics.Integration.Tests.Simulation;

[Collection(EngineCollection.Name)]
public sealed class LoadTests(EngineFixture engine) : IAsyncLifetime
{
    private HistoryLoader.Result _load = null!;
    private IReadOnlyList<HistoryChunk> _chunks = [];

    public async Task InitializeAsync() => (_load, _chunks) = await engine.HistoryAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Counts_and_sums_in_clickhouse_match_what_was_generated()
    {
        var rows = _chunks.Sum(c => (long)c.Landing.Count);
        var landed = _chunks.Sum(c => c.Landing.Landed.Take(c.Landing.Count).Sum(x => (long)x));
        var payoff = _chunks.Sum(c => c.Landing.PayoffSol.Take(c.Landing.Count).Sum());
        var probes = _chunks.Sum(c => (long)c.Latency.Count);
        Assert.Equal(rows, _load.LandingRows);
        Assert.Equal(Enumerable.Range(0, _chunks.Count), _chunks.Select(c => c.Index)); // handed over in order

        var db = await engine.Db.QueryAsync(
            "SELECT count(), sum(landed), sum(payoff_sol), countIf(land_latency_ms IS NULL) FROM landing_events",
            null,
            r => (r.GetFieldValue<ulong>(0), r.GetFieldValue<ulong>(1), r.GetDouble(2), r.GetFieldValue<ulong>(3)));
        Assert.Equal((ulong)rows, db[0].Item1);
        Assert.Equal((ulong)landed, db[0].Item2);
        Assert.Equal(payoff, db[0].Item3, payoff * 1e-9);
        Assert.Equal((ulong)(rows - landed), db[0].Item4);
        Assert.Equal(probes, await engine.Db.ScalarAsync<long>("SELECT count() FROM latency_samples"));
    }

    [Fact]
    public async Task Arm_rollup_equals_the_same_aggregates_from_raw_rows()
    {
        const string raw = """
            SELECT toStartOfFiveMinutes(ts) AS b, route, tip_arm, leader_group, count(), sum(landed),
                   round(sum(payoff_sol), 9), round(sum(payoff_sol * payoff_sol), 9), sum(tip_lamports)
            FROM landing_events GROUP BY b, route, tip_arm, leader_group ORDER BY b, route, tip_arm, leader_group
            """;
        const string rollup = """
            SELECT bucket AS b, route, tip_arm, leader_group, countMerge(pulls), sumMerge(lands),
                   round(sumMerge(payoff_sum), 9), round(sumMerge(payoff_sq), 9), sumMerge(tip_sum)
            FROM rollup_arm_5m GROUP BY b, route, tip_arm, leader_group ORDER BY b, route, tip_arm, leader_group
            """;
        static string Row(ClickHouse.Driver.ADO.Readers.ClickHouseDataReader r) =>
            string.Join('|', Enumerable.Range(0, r.FieldCount)
                .Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
        var expected = await engine.Db.QueryAsync(raw, null, Row);
        var actual = await engine.Db.QueryAsync(rollup, null, Row);
        Assert.True(expected.Count > 100);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Latency_rollup_counts_and_quantiles_agree_with_raw_samples()
    {
        var raw = await engine.Db.QueryAsync("""
            SELECT route, endpoint, count(), countIf(ok = 0), quantileExactIf(0.5)(rtt_ms, ok = 1)
            FROM latency_samples GROUP BY route, endpoint ORDER BY route, endpoint
            """, null, r => (r.GetString(0), r.GetString(1), r.GetFieldValue<ulong>(2), r.GetFieldValue<ulong>(3),
                Convert.ToDouble(r.GetValue(4))));
        var rolled = await engine.Db.QueryAsync("""
            SELECT route, endpoint, countMerge(samples), sumMerge(errors),
                   quantilesTDigestIfMerge(0.5, 0.9, 0.99, 0.999)(rtt)[1]
            FROM rollup_latency_5m GROUP BY route, endpoint ORDER BY route, endpoint
            """, null, r => (r.GetString(0), r.GetString(1), r.GetFieldValue<ulong>(2), r.GetFieldValue<ulong>(3),
                Convert.ToDouble(r.GetValue(4))));
        Assert.Equal(raw.Count, rolled.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            Assert.Equal((raw[i].Item1, raw[i].Item2, raw[i].Item3, raw[i].Item4),
                (rolled[i].Item1, rolled[i].Item2, rolled[i].Item3, rolled[i].Item4));
            Assert.Equal(raw[i].Item5, rolled[i].Item5, raw[i].Item5 * 0.05); // t-digest median within 5%
        }
    }

    [Fact]
    public void Ground_truth_rates_are_the_means_of_the_true_probabilities()
    {
        var truth = _load.Truth;
        Assert.Equal(_load.LandingRows, truth.Arms.Sum(a => a.Sends));
        var ny0 = truth.Arms.Single(a => a.Route == "jito-ny" && a.Arm == 0);
        var (sum, n) = (0.0, 0L);
        foreach (var c in _chunks)
            for (var i = 0; i < c.Landing.Count; i++)
                if (c.Landing.Route[i] == 0 && c.Landing.Arm[i] == 0)
                {
                    sum += c.Landing.PTrue[i];
                    n++;
                }
        Assert.Equal(n, ny0.Sends);
        Assert.Equal(sum / n, ny0.LandingRate, 1e-12);
        // A higher tip lands more often on every route (the ladder's design).
        foreach (var route in truth.Routes)
        {
            var rates = truth.Arms.Where(a => a.Route == route.Name).OrderBy(a => a.Arm)
                .Select(a => a.LandingRate).ToList();
            Assert.True(rates[^1] > rates[0], $"{route.Name}: {string.Join(", ", rates)}");
        }
    }
}
