using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Schema;
using MevAnalytics.Integration.Tests.Engine;

namespace MevAnalytics.Integration.Tests.Schema;

[Collection(EngineCollection.Name)]
public sealed class MigrationTests(EngineFixture engine)
{
    [Fact]
    public async Task Applying_again_changes_nothing()
    {
        var again = await MigrationRunner.ApplyAsync(engine.Server, engine.Layout);
        Assert.Empty(again.Applied);
        Assert.Equal(SchemaMigrations.For(engine.Layout).Select(m => m.Version), again.AlreadyApplied);
        var recorded = await engine.Db.ScalarAsync<long>("SELECT count() FROM schema_migrations FINAL");
        Assert.Equal(SchemaMigrations.For(engine.Layout).Count, recorded);
    }

    [Fact]
    public async Task Tables_are_partitioned_by_day_with_codecs_and_rollups_are_aggregating()
    {
        var ddl = await engine.Db.ScalarAsync<string>(
            "SELECT create_table_query FROM system.tables WHERE database = 'mev' AND name = 'landing_events'");
        Assert.Contains("PARTITION BY toDate(ts)", ddl);
        Assert.Contains("CODEC(DoubleDelta, ZSTD(1))", ddl);
        Assert.Contains("LowCardinality(String)", ddl);
        var engines = await engine.Db.QueryAsync(
            "SELECT name, engine FROM system.tables WHERE database = 'mev' AND name LIKE 'rollup_%_5m'", null,
            r => (r.GetString(0), r.GetString(1)));
        Assert.Equal(3, engines.Count);
        Assert.All(engines, e => Assert.Equal("AggregatingMergeTree", e.Item2));
    }

    [Fact]
    public async Task Table_ttls_follow_the_configuration_and_expire_old_rows()
    {
        // A separate database: the shared one holds history dated in the past, which a TTL would expire.
        var layout = new SchemaLayout("mev_ttl", null);
        async Task<string> Engine(string table) => await engine.Server.ScalarAsync<string>(
            "SELECT engine_full FROM system.tables WHERE database = 'mev_ttl' AND name = {t:String}",
            new QueryParameters().Add("t", table));

        await MigrationRunner.ApplyAsync(engine.Server, layout, ttl: new TtlOptions());
        Assert.Contains("TTL ts + toIntervalDay(90)", await Engine("landing_events"));
        Assert.Contains("TTL ts + toIntervalDay(30)", await Engine("latency_samples"));
        Assert.Contains("TTL bucket + toIntervalDay(730)", await Engine("rollup_arm_5m"));
        Assert.Contains("TTL bucket + toIntervalDay(730)", await Engine("rollup_ope_5m"));

        // Changed by configuration on the next migrate; 0 removes it.
        await MigrationRunner.ApplyAsync(engine.Server, layout, ttl: new TtlOptions
        {
            LandingEvents = TimeSpan.FromDays(7),
            LatencySamples = TimeSpan.Zero,
            RollupLatency5m = TimeSpan.Zero,
        });
        Assert.Contains("TTL ts + toIntervalDay(7)", await Engine("landing_events"));
        Assert.DoesNotContain("TTL", await Engine("latency_samples"));

        // Rows older than the TTL go; recent ones stay.
        await engine.Server.ExecuteAsync("""
            INSERT INTO mev_ttl.landing_events (ts, route, p_land_est, landed)
            SELECT now64(3) - toIntervalDay(number * 10), 'ttl', 0.5, 1 FROM numbers(3)
            """);
        await engine.Server.ExecuteAsync("OPTIMIZE TABLE mev_ttl.landing_events FINAL");
        Assert.Equal(1, await engine.Server.ScalarAsync<long>("SELECT count() FROM mev_ttl.landing_events"));
    }

    [Fact]
    public void A_rollup_kept_shorter_than_its_raw_rows_is_refused_naming_both_keys()
    {
        var e = Assert.Throws<ArgumentException>(
            () => new TtlOptions { RollupArm5m = TimeSpan.FromDays(30) }.Validate());
        Assert.Contains("Ttl:RollupArm5m", e.Message);
        Assert.Contains("Ttl:LandingEvents", e.Message);
        e = Assert.Throws<ArgumentException>(() => new TtlOptions { RollupOpe5m = TimeSpan.FromDays(30) }.Validate());
        Assert.Contains("Ttl:RollupOpe5m", e.Message);
        Assert.Contains("Ttl:JobRuns", Assert.Throws<ArgumentException>(
            () => new TtlOptions { JobRuns = TimeSpan.FromHours(5) }.Validate()).Message);
    }

    [Fact]
    public async Task A_migration_changed_after_it_was_applied_is_refused()
    {
        // A separate database so the shared one keeps its real history.
        var layout = new SchemaLayout("mev_tamper", null);
        await MigrationRunner.ApplyAsync(engine.Server, layout);
        await engine.Server.ExecuteAsync(
            "INSERT INTO mev_tamper.schema_migrations VALUES (2, 'latency_samples', 'deadbeefdeadbeef', now64(3) + 1)");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            () => MigrationRunner.ApplyAsync(engine.Server, layout));
        Assert.Contains("Migration 2", e.Message);
        Assert.Contains("changed after it was applied", e.Message);
    }

    [Fact]
    public void Cluster_layout_creates_local_tables_and_distributed_tables_of_the_public_names()
    {
        var onCluster = SchemaMigrations.For(new SchemaLayout("mev", "shards") { PerNode = false })
            .SelectMany(m => m.Statements).ToList();
        Assert.Contains(onCluster, s => s.StartsWith(
            "CREATE TABLE IF NOT EXISTS mev.landing_events_local ON CLUSTER shards", StringComparison.Ordinal));
        Assert.Contains(onCluster, s => s.Contains(
            "mev.landing_events ON CLUSTER shards AS mev.landing_events_local " +
            "ENGINE = Distributed(shards, mev, landing_events_local, cityHash64(leader))"));
        Assert.Contains(onCluster, s => s.Contains(
            "mev.latency_samples ON CLUSTER shards AS mev.latency_samples_local " +
            "ENGINE = Distributed(shards, mev, latency_samples_local, cityHash64(route, endpoint))"));
        Assert.Contains(onCluster,
            s => s.Contains("TO mev.rollup_arm_5m_local") && s.Contains("FROM mev.landing_events_local"));
        Assert.Contains(onCluster,
            s => s.Contains("TO mev.rollup_ope_5m_local") && s.Contains("FROM mev.landing_events_local"));

        // Per node (the default, no Keeper): the same tables, no ON CLUSTER anywhere.
        var perNode = SchemaMigrations.For(new SchemaLayout("mev", "shards")).SelectMany(m => m.Statements).ToList();
        Assert.DoesNotContain(perNode, s => s.Contains("ON CLUSTER", StringComparison.Ordinal));
        Assert.Equal(onCluster.Count, perNode.Count);
        Assert.Contains(perNode, s => s.Contains(
            "mev.landing_events AS mev.landing_events_local " +
            "ENGINE = Distributed(shards, mev, landing_events_local, cityHash64(leader))"));
    }

    [Fact]
    public void Replicated_layout_uses_the_replicated_engines_with_shard_and_replica_macros()
    {
        var statements = SchemaMigrations.For(new SchemaLayout("mev", "shards") { PerNode = false, Replicated = true })
            .SelectMany(m => m.Statements).ToList();
        Assert.Contains(statements, s => s.Contains(
            "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/mev/landing_events_local', '{replica}')\n"));
        Assert.Contains(statements, s => s.Contains(
            "ENGINE = ReplicatedAggregatingMergeTree(" +
            "'/clickhouse/tables/{shard}/mev/rollup_arm_5m_local', '{replica}')"));
        Assert.DoesNotContain(statements, s => s.Contains("ENGINE = MergeTree", StringComparison.Ordinal) ||
                                               s.Contains("ENGINE = AggregatingMergeTree", StringComparison.Ordinal));
        // One node has no replicas: the plain engines stay.
        Assert.DoesNotContain(
            SchemaMigrations.For(new SchemaLayout("mev", null) { Replicated = true }).SelectMany(m => m.Statements),
            s => s.Contains("Replicated", StringComparison.Ordinal));
    }

    [Fact]
    public void Identifiers_spliced_into_ddl_are_validated()
    {
        var e = Assert.Throws<ArgumentException>(
            () => new ClickHouseOptions { Database = "mev; DROP DATABASE x" }.Validate());
        Assert.Contains("ClickHouse:Database", e.Message);
    }
}
