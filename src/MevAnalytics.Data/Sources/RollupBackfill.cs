using System.Globalization;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Schema;

namespace MevAnalytics.Data.Sources;

/// <summary>
/// <c>mev backfill</c>: recomputes the 5-minute rollups from their source (our table or the mapped one) for whole UTC
/// days, one day partition at a time: the day is aggregated into an empty staging table of the rollup's structure and
/// then swapped in with <c>ALTER TABLE … REPLACE PARTITION</c>, so a day's rollup holds exactly what its source
/// holds, however often the backfill runs (never twice the rows). A day whose source holds no rows is left as it is
/// (its raw rows may have expired while the rollup keeps them longer). Rows inserted into a day while it is being
/// recomputed can miss the rollup (the swap replaces what the view added meanwhile): backfill days that are complete,
/// or run it again for that day later. Single node only.
/// </summary>
public static class RollupBackfill
{
    /// <summary>What one day of one rollup got.</summary>
    public sealed record Day(string Rollup, DateOnly Date, long SourceRows, bool Replaced);

    /// <summary>Recomputes every rollup (or those of <paramref name="feeds"/>) for the UTC days that
    /// [<paramref name="from"/>, <paramref name="to"/>) touches.</summary>
    public static async Task<IReadOnlyList<Day>> RunAsync(ClickHouseGateway db, SchemaLayout layout,
        SourcesOptions sources, DateTime from, DateTime to, Action<string>? log, Action<double>? progress,
        CancellationToken ct, IReadOnlyList<RollupFeed>? feeds = null)
    {
        feeds ??= RollupFeed.All;
        if (layout.Cluster is not null)
            throw new ArgumentException($"backfill runs on a single node; this deployment uses cluster " +
                                        $"{layout.Cluster} (docs/sources.md, \"Clusters\").");
        if (to <= from) throw new ArgumentException($"backfill: --to {to:u} must be after --from {from:u}.");
        var first = DateOnly.FromDateTime(from);
        var last = DateOnly.FromDateTime(to.AddTicks(-1));
        int days = last.DayNumber - first.DayNumber + 1;
        var result = new List<Day>();
        int done = 0;
        // Feeds of one source (arm and off-policy rollups of the sends) share its per-day row counts.
        var counted = new Dictionary<(SourceKind, DateOnly), ulong>();
        foreach (var feed in feeds)
        {
            var rollup = TableIdentifier.Quote(layout.Database, feed.Rollup);
            var staging = TableIdentifier.Quote(layout.Database, $"{feed.Rollup}_backfill_{Guid.NewGuid():N}"[..40]);
            var rows = TableIdentifier.Quote(layout.Database, sources.Relation(feed.Kind));
            await db.ExecuteAsync($"CREATE TABLE {staging} AS {rollup}", null, ct);
            try
            {
                for (var date = first; date <= last; date = date.AddDays(1))
                {
                    var day = new QueryParameters()
                        .Add("from", date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc))
                        .Add("to", date.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
                    const string window = "ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}";
                    if (!counted.TryGetValue((feed.Kind, date), out var sourceRows))
                        counted[(feed.Kind, date)] = sourceRows =
                            await db.ScalarAsync<ulong>($"SELECT count() FROM {rows} WHERE {window}", day, ct);
                    var partition = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    if (sourceRows == 0)
                    {
                        log?.Invoke($"{feed.Rollup} {partition}: no source rows, rollup left as it is");
                        result.Add(new Day(feed.Rollup, date, 0, false));
                    }
                    else
                    {
                        await db.ExecuteAsync($"TRUNCATE TABLE {staging}", null, ct);
                        await db.ExecuteAsync(
                            $"INSERT INTO {staging}\n{feed.Over($"(SELECT * FROM {rows} WHERE {window})")}", day, ct);
                        await db.ExecuteAsync($"ALTER TABLE {rollup} REPLACE PARTITION '{partition}' FROM {staging}",
                            null, ct);
                        log?.Invoke($"{feed.Rollup} {partition}: recomputed from {(long)sourceRows:N0} source rows");
                        result.Add(new Day(feed.Rollup, date, (long)sourceRows, true));
                    }
                    progress?.Invoke(++done / (double)(days * feeds.Count));
                }
            }
            finally
            {
                await db.ExecuteAsync($"DROP TABLE IF EXISTS {staging}", null, CancellationToken.None);
            }
        }
        return result;
    }
}
