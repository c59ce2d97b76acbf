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
    [Fact]
    public async Task A_retried_insert_whose_first_answer_was_lost_is_written_once()
    {
        await using var proxy = new AnswerDroppingProxy(engine.Engine.Port, drops: 1);
        var options = new ClickHouseOptions { Database = "mev", CompressInserts = false, BaseDelay = TimeSpan.FromMilliseconds(50) };
        using var db = new ClickHouseGateway($"Host=127.0.0.1;Port={proxy.Port};Username=default;Password=", options);
        var route = "dedup-" + Guid.NewGuid().ToString("N")[..8];

        await db.InsertAsync("""
            INSERT INTO latency_samples (ts, route, endpoint, region, rtt_ms, ok)
            SELECT toDateTime64('2025-06-01 00:00:00', 3, 'UTC') + toIntervalSecond(number), {route:String}, 'e', 'r', number, 1
            FROM numbers(1000)
            """, new QueryParameters().Add("route", route));

        Assert.Equal(1, proxy.Dropped); // the first answer really was lost, so the gateway retried
        var rows = await engine.Db.ScalarAsync<long>("SELECT count() FROM latency_samples WHERE route = {route:String}",
            new QueryParameters().Add("route", route));
        Assert.Equal(1000, rows);
    }

    [Fact]
    public async Task A_retried_bulk_block_whose_first_answer_was_lost_is_written_once()
    {
        await using var proxy = new AnswerDroppingProxy(engine.Engine.Port, drops: 1);
        var options = new ClickHouseOptions { Database = "mev", CompressInserts = false, BaseDelay = TimeSpan.FromMilliseconds(50) };
        using var db = new ClickHouseGateway($"Host=127.0.0.1;Port={proxy.Port};Username=default;Password=", options);
        var route = "bulk-" + Guid.NewGuid().ToString("N")[..8];
        var tsv = string.Concat(Enumerable.Range(0, 500).Select(i => $"2025-06-02 00:00:{i % 60:00}.000\t{route}\te\tr\t{i}\t1\n"));
        var bytes = System.Text.Encoding.UTF8.GetBytes(tsv);

        await db.InsertRawAsync("latency_samples", ["ts", "route", "endpoint", "region", "rtt_ms", "ok"], "TabSeparated",
            () => new ReadOnlyMemoryStream(bytes));

        Assert.Equal(1, proxy.Dropped);
        Assert.Equal(500, await engine.Db.ScalarAsync<long>("SELECT count() FROM latency_samples WHERE route = {route:String}",
            new QueryParameters().Add("route", route)));
    }
}
