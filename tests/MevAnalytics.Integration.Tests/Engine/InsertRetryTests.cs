using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Integration.Tests.Support;

namespace MevAnalytics.Integration.Tests.Engine;

/// <summary>
/// The gateway retries an INSERT whose answer was lost. The server had applied it, so without deduplication the retry
/// would write the rows twice; with the insert's token and the tables' deduplication window it lands exactly once.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class InsertRetryTests(EngineFixture engine)
{
    // A database of its own: the fixture's tables hold the shared history whose counts other tests check.
    private const string Database = "mev_dedup";

    private async Task<ClickHouseGateway> DedupDatabaseAsync(int proxyPort)
    {
        await MevAnalytics.Data.Schema.MigrationRunner.ApplyAsync(engine.Server,
            new MevAnalytics.Data.Schema.SchemaLayout(Database, null));
        var options = new ClickHouseOptions
        {
            Database = Database,
            CompressInserts = false,
            BaseDelay = TimeSpan.FromMilliseconds(50),
        };
        return new ClickHouseGateway($"Host=127.0.0.1;Port={proxyPort};Username=default;Password=", options);
    }

    private async Task AssertOnceAsync(string route, long rows)
    {
        var p = new QueryParameters().Add("route", route);
        Assert.Equal(rows, await engine.Server.ScalarAsync<long>(
            $"SELECT count() FROM {Database}.latency_samples WHERE route = {{route:String}}", p));
        // The rollup fed by the materialized view saw the block once too.
        Assert.Equal(rows, await engine.Server.ScalarAsync<long>(
            $"SELECT countMerge(samples) FROM {Database}.rollup_latency_5m WHERE route = {{route:String}}", p));
    }

    [Fact]
    public async Task A_retried_insert_whose_first_answer_was_lost_is_written_once()
    {
        await using var proxy = new AnswerDroppingProxy(engine.Engine.Port, drops: 1);
        using var db = await DedupDatabaseAsync(proxy.Port);
        var route = "dedup-" + Guid.NewGuid().ToString("N")[..8];

        await db.InsertAsync("""
            INSERT INTO latency_samples (ts, route, endpoint, region, rtt_ms, ok)
            SELECT toDateTime64('2025-06-01 00:00:00', 3, 'UTC') + toIntervalSecond(number), {route:String}, 'e', 'r',
                   number, 1
            FROM numbers(1000)
            """, new QueryParameters().Add("route", route));

        Assert.Equal(1, proxy.Dropped); // the first answer really was lost, so the gateway retried
        await AssertOnceAsync(route, 1000);
    }

    [Fact]
    public async Task A_retried_bulk_block_whose_first_answer_was_lost_is_written_once()
    {
        await using var proxy = new AnswerDroppingProxy(engine.Engine.Port, drops: 1);
        using var db = await DedupDatabaseAsync(proxy.Port);
        var route = "bulk-" + Guid.NewGuid().ToString("N")[..8];
        var tsv = string.Concat(Enumerable.Range(0, 500)
            .Select(i => $"2025-06-02 00:00:{i % 60:00}.000\t{route}\te\tr\t{i}\t1\n"));
        var bytes = System.Text.Encoding.UTF8.GetBytes(tsv);

        await db.InsertRawAsync("latency_samples", ["ts", "route", "endpoint", "region", "rtt_ms", "ok"],
            "TabSeparated", () => new ReadOnlyMemoryStream(bytes));

        Assert.Equal(1, proxy.Dropped);
        await AssertOnceAsync(route, 500);
    }
}
