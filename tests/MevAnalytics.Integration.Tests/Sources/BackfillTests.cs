using MevAnalytics.Data.Sources;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Integration.Tests.Sources;

/// <summary>
/// <c>mev backfill</c> over a mapped table: the rollups equal the raw aggregates of the source after the first start
/// (which fills the new feeds from the history), after a backfill, after a second (nothing doubled), and after rows
/// arrive through the materialized view on the mapped table followed by a third run. The source is a private copy so
/// that its extra rows reach no other test.
/// </summary>
[Collection(SourcesCollection.Name)]
public sealed class BackfillTests(SourcesFixture fx)
{
    private sealed record Totals(
        long Rows, long Lands, double Payoff, long Tips, long Probes, long Errors, long OpeRows);

    private async Task<Totals> RawAsync() => (await fx.Server.QueryAsync("""
        SELECT (SELECT count() FROM searcher.sends_bf), (SELECT sum(outcome) FROM searcher.sends_bf),
               (SELECT sum(realized) FROM searcher.sends_bf), (SELECT sum(tip) FROM searcher.sends_bf),
               (SELECT count() FROM searcher.probes_bf), (SELECT countIf(NOT success) FROM searcher.probes_bf),
               (SELECT count() FROM searcher.sends_bf)
        """, null, ReadTotals))[0];

    private async Task<Totals> RollupAsync() => (await fx.Server.QueryAsync("""
        SELECT (SELECT countMerge(pulls) FROM bf.rollup_arm_5m), (SELECT sumMerge(lands) FROM bf.rollup_arm_5m),
               (SELECT sumMerge(payoff_sum) FROM bf.rollup_arm_5m), (SELECT sumMerge(tip_sum) FROM bf.rollup_arm_5m),
               (SELECT countMerge(samples) FROM bf.rollup_latency_5m),
               (SELECT sumMerge(errors) FROM bf.rollup_latency_5m),
               -- every send is in the off-policy rollup, as a usable decision or under the reason it was skipped
               (SELECT sumMerge(decisions) + sumMerge(skipped_no_route) + sumMerge(skipped_payoff_nan)
                       + sumMerge(skipped_payoff_negative) + sumMerge(skipped_propensity) FROM bf.rollup_ope_5m)
        """, null, ReadTotals))[0];

    private static Totals ReadTotals(ClickHouse.Driver.ADO.Readers.ClickHouseDataReader r) => new(
        Convert.ToInt64(r.GetValue(0)), Convert.ToInt64(r.GetValue(1)), r.GetDouble(2), Convert.ToInt64(r.GetValue(3)),
        Convert.ToInt64(r.GetValue(4)), Convert.ToInt64(r.GetValue(5)), Convert.ToInt64(r.GetValue(6)));

    private static void AssertEqual(Totals expected, Totals actual)
    {
        Assert.Equal(expected with { Payoff = 0 }, actual with { Payoff = 0 });
        Assert.Equal(expected.Payoff, actual.Payoff, 1e-6);
    }

    [Fact]
    public async Task Backfill_fills_the_rollups_once_however_often_it_runs_and_the_views_feed_new_rows()
    {
        await fx.Server.ExecuteAsync("CREATE TABLE IF NOT EXISTS searcher.sends_bf AS searcher.sends");
        await fx.Server.ExecuteAsync("INSERT INTO searcher.sends_bf SELECT * FROM searcher.sends");
        await fx.Server.ExecuteAsync("CREATE TABLE IF NOT EXISTS searcher.probes_bf AS searcher.probes");
        await fx.Server.ExecuteAsync("INSERT INTO searcher.probes_bf SELECT * FROM searcher.probes");
        var extra = new Dictionary<string, string?> { ["Sources:Latency:Table"] = "searcher.probes_bf" };
        foreach (var (role, expression) in SourcesFixture.Probes) extra[$"Sources:Latency:Columns:{role}"] = expression;
        var configuration = fx.Configuration("bf", fx.NewRoot("bf"), "searcher.sends_bf", SourcesFixture.FullSends,
            extra);
        await using var session = await JobSession.OpenAsync(configuration);
        var store = session.Store;
        Task<IReadOnlyList<RollupBackfill.Day>> BackfillAsync() => RollupBackfill.RunAsync(store.Db, store.Layout,
            store.Sources, fx.End.AddDays(-3), fx.End.AddDays(2), null, null, CancellationToken.None);

        // The feeds were created at the session's start, which aggregated the history the tables already held.
        var raw = await RawAsync();
        Assert.True(raw.Rows > 100_000 && raw.Probes > 1000, raw.ToString());
        AssertEqual(raw, await RollupAsync());

        var days = await BackfillAsync();
        AssertEqual(raw, await RollupAsync());
        Assert.Contains(days, d => d.Replaced);
        Assert.Contains(days, d => !d.Replaced); // days without source rows are left alone
        await BackfillAsync();
        AssertEqual(raw, await RollupAsync());

        // New rows (a day later) reach the rollups through the materialized views on the mapped tables.
        await fx.Server.ExecuteAsync("""
            INSERT INTO searcher.sends_bf SELECT * REPLACE (sent_at + INTERVAL 1 DAY AS sent_at)
            FROM searcher.sends WHERE sent_at >= (SELECT max(sent_at) FROM searcher.sends) - INTERVAL 6 HOUR
            """);
        await fx.Server.ExecuteAsync("""
            INSERT INTO searcher.probes_bf SELECT * REPLACE (at + INTERVAL 1 DAY AS at)
            FROM searcher.probes WHERE at >= (SELECT max(at) FROM searcher.probes) - INTERVAL 6 HOUR
            """);
        var grown = await RawAsync();
        Assert.True(grown.Rows > raw.Rows && grown.Probes > raw.Probes);
        AssertEqual(grown, await RollupAsync());
        await BackfillAsync();
        AssertEqual(grown, await RollupAsync());
    }
}
