using System.Security.Cryptography;
using System.Text;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Schema;

namespace MevAnalytics.Data.Sources;

/// <summary>
/// The configuration-dependent part of the schema, run after the migrations at every start (migrate, run, serve): for
/// each mapped source it checks the mapping against ClickHouse, (re)creates the view the jobs read and the materialized
/// view that feeds the rollup from the mapped table; for an unmapped source it drops both if an earlier mapping left
/// them. Idempotent. A materialized view is recreated only when its definition changed (a fingerprint in its comment),
/// so restarts lose no rows; rows the mapped table held before the view existed are filled by <c>mev backfill</c>.
/// </summary>
public static class SourceSetup
{
    /// <summary>Applies <paramref name="sources"/>; returns the checked mappings (none when nothing is
    /// mapped).</summary>
    /// <exception cref="ArgumentException">An invalid mapping (see <see cref="SourceMapping.CheckAsync"/>), or a
    /// mapped source on a cluster layout.</exception>
    public static async Task<IReadOnlyList<SourceMapping>> ApplyAsync(ClickHouseGateway server, SchemaLayout layout,
        SourcesOptions sources, Action<string>? log, CancellationToken ct, bool samples = false)
    {
        sources.Validate();
        if (sources.AnyMapped && layout.Cluster is not null)
            throw new ArgumentException(
                $"{SourcesOptions.SectionName}: mapped sources are supported on a single node only; this deployment " +
                $"uses cluster {layout.Cluster} (ClickHouse:Cluster or EmbeddedEngine:Shards > 1). Unset " +
                $"{SourcesOptions.SectionName}:Landing:Table and {SourcesOptions.SectionName}:Latency:Table, or run " +
                "the jobs against one node (docs/sources.md, \"Clusters\").");
        if (layout.Cluster is not null) return [];
        var existing = (await server.QueryAsync(
                "SELECT name, comment FROM system.tables " +
                "WHERE database = {db:String} AND has({names:Array(String)}, name)",
                new QueryParameters().Add("db", layout.Database)
                    .Add("names", SourceKind.All.Select(k => k.View).Concat(RollupFeed.All.Select(f => f.SourceView))
                        .ToArray()),
                r => (Name: r.GetString(0), Comment: r.GetString(1)), ct))
            .ToDictionary(x => x.Name, x => x.Comment, StringComparer.Ordinal);

        var mappings = new List<SourceMapping>();
        foreach (var kind in SourceKind.All)
        {
            var view = TableIdentifier.Quote(layout.Database, kind.View);
            var feeds = RollupFeed.All.Where(f => f.Kind == kind).ToArray();
            if (!sources.Of(kind).IsMapped)
            {
                foreach (var feed in feeds.Where(f => existing.ContainsKey(f.SourceView)))
                {
                    log?.Invoke($"source {kind.Key} unmapped: dropping {feed.SourceView}");
                    await server.ExecuteAsync(
                        $"DROP VIEW IF EXISTS {TableIdentifier.Quote(layout.Database, feed.SourceView)}", null, ct);
                }
                if (existing.ContainsKey(kind.View)) await server.ExecuteAsync($"DROP VIEW IF EXISTS {view}", null, ct);
                continue;
            }
            var mapping = await SourceMapping.CheckAsync(server, kind, sources.Of(kind), layout.Database, samples, ct);
            mappings.Add(mapping);
            await server.ExecuteAsync($"CREATE OR REPLACE VIEW {view} AS\n{mapping.Select}", null, ct);
            var created = new List<RollupFeed>();
            foreach (var feed in feeds)
            {
                var mv = TableIdentifier.Quote(layout.Database, feed.SourceView);
                var rollup = TableIdentifier.Quote(layout.Database, feed.Rollup);
                var body = $"TO {rollup} AS\n{feed.Over($"({mapping.Select})")}";
                var fingerprint = "mev-source " +
                                  Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..16];
                if (existing.TryGetValue(feed.SourceView, out var comment) && comment == fingerprint) continue;
                if (comment is not null) await server.ExecuteAsync($"DROP VIEW IF EXISTS {mv}", null, ct);
                // IF NOT EXISTS: two processes starting at once with a new mapping both get here.
                await server.ExecuteAsync(
                    $"CREATE MATERIALIZED VIEW IF NOT EXISTS {mv} {body}\nCOMMENT '{fingerprint}'", null, ct);
                log?.Invoke($"source {kind.Key}: {feed.Rollup} is now fed from {mapping.Table}");
                created.Add(feed);
            }
            if (created.Count > 0) await BackfillHistoryAsync(server, layout, sources, kind, created, log, ct);
        }
        return mappings;
    }

    // A new (or changed) feed sees only rows inserted from now on: the history the mapped table already holds is
    // aggregated once here, so the jobs that read rollups work on the first run with nothing but settings changed.
    private static async Task BackfillHistoryAsync(ClickHouseGateway server, SchemaLayout layout,
        SourcesOptions sources, SourceKind kind, IReadOnlyList<RollupFeed> feeds, Action<string>? log,
        CancellationToken ct)
    {
        var relation = TableIdentifier.Quote(layout.Database, kind.View);
        var span = (await server.QueryAsync($"SELECT count(), min(ts), max(ts) FROM {relation}", null,
            r => (Rows: Convert.ToInt64(r.GetValue(0)), From: r.GetDateTime(1), To: r.GetDateTime(2)), ct))[0];
        if (span.Rows == 0) return;
        var from = DateTime.SpecifyKind(span.From, DateTimeKind.Utc);
        var to = DateTime.SpecifyKind(span.To, DateTimeKind.Utc).AddMilliseconds(1);
        log?.Invoke($"source {kind.Key}: aggregating the {span.Rows:N0} rows it already holds ({from:u} .. {to:u}) " +
                    $"into {string.Join(", ", feeds.Select(f => f.Rollup))}");
        var days = await RollupBackfill.RunAsync(server, layout, sources, from, to, null, null, ct, feeds);
        log?.Invoke($"source {kind.Key}: {days.Count(d => d.Replaced)} day partitions filled");
    }
}
