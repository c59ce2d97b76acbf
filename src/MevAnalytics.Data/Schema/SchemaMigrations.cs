using MevAnalytics.Data.Sources;

namespace MevAnalytics.Data.Schema;

/// <summary>
/// The schema, as numbered migrations. Tables are partitioned by day and ordered for the jobs' queries; timestamps
/// and counters use delta codecs, floats ZSTD, names LowCardinality. Rollups are AggregatingMergeTree tables fed by
/// materialized views (read them with -Merge). docs/data-model.md describes every column.
/// </summary>
public static class SchemaMigrations
{
    /// <summary>
    /// Sharding keys of the Distributed tables (docs/operations.md, "Running on a cluster"). Sends go by leader, so
    /// every leader's history, and with it the per-leader phase aggregation, lives on one shard; probes by route and
    /// endpoint. Rollups are filled on each shard by views on its own raw rows and read with -Merge across shards, so
    /// their key only places direct inserts (there are none); job_runs is spread at random.
    /// </summary>
    public static class ShardBy
    {
        public const string Leader = "cityHash64(leader)";
        public const string RouteEndpoint = "cityHash64(route, endpoint)";
    }

    /// <summary>All migrations for <paramref name="layout"/>, in version order.</summary>
    public static IReadOnlyList<Migration> For(SchemaLayout layout) =>
    [
        new(1, "landing_events", [.. layout.Table("landing_events", """
            (
                ts              DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
                slot            UInt64 CODEC(DoubleDelta, ZSTD(1)),
                leader          LowCardinality(String),
                leader_group    LowCardinality(String),
                route           LowCardinality(String),
                tip_arm         UInt8,
                tip_lamports    UInt64 CODEC(T64, ZSTD(1)),
                p_land_est      Float64 CODEC(ZSTD(1)),
                ev_est_sol      Float64 CODEC(ZSTD(1)),
                propensity      Float64 CODEC(ZSTD(1)),
                phase_offset_ms Float32 CODEC(ZSTD(1)),
                landed          UInt8,
                payoff_sol      Float64 CODEC(ZSTD(1)),
                land_latency_ms Nullable(Float32) CODEC(ZSTD(1)),
                model_id        LowCardinality(String),
                policy          LowCardinality(String)
            )
            ENGINE = MergeTree
            PARTITION BY toDate(ts)
            ORDER BY (route, tip_arm, ts)
            """, ShardBy.Leader)]),
        new(2, "latency_samples", [.. layout.Table("latency_samples", """
            (
                ts       DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
                route    LowCardinality(String),
                endpoint LowCardinality(String),
                region   LowCardinality(String),
                rtt_ms   Float64 CODEC(ZSTD(1)),
                ok       UInt8
            )
            ENGINE = MergeTree
            PARTITION BY toDate(ts)
            ORDER BY (route, endpoint, ts)
            """, ShardBy.RouteEndpoint)]),
        new(3, "rollup_arm_5m", [
            .. layout.Table("rollup_arm_5m", """
            (
                bucket       DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
                route        LowCardinality(String),
                tip_arm      UInt8,
                leader_group LowCardinality(String),
                pulls        AggregateFunction(count),
                lands        AggregateFunction(sum, UInt8),
                payoff_sum   AggregateFunction(sum, Float64),
                payoff_sq    AggregateFunction(sum, Float64),
                tip_sum      AggregateFunction(sum, UInt64)
            )
            ENGINE = AggregatingMergeTree
            PARTITION BY toDate(bucket)
            ORDER BY (route, tip_arm, leader_group, bucket)
            """),
            // The view reads the shard-local rows and writes the shard-local rollup,
            // so each shard aggregates its own data.
            $"CREATE MATERIALIZED VIEW IF NOT EXISTS {layout.Storage("rollup_arm_5m_mv")}{layout.OnCluster}\n" +
            $"TO {layout.Storage("rollup_arm_5m")} AS\n{RollupFeed.Arm.Over(layout.Storage("landing_events"))}",
        ]),
        new(4, "rollup_latency_5m", [
            .. layout.Table("rollup_latency_5m", """
            (
                bucket   DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
                route    LowCardinality(String),
                endpoint LowCardinality(String),
                samples  AggregateFunction(count),
                errors   AggregateFunction(sum, UInt8),
                rtt      AggregateFunction(quantilesTDigestIf(0.5, 0.9, 0.99, 0.999), Float64, UInt8)
            )
            ENGINE = AggregatingMergeTree
            PARTITION BY toDate(bucket)
            ORDER BY (route, endpoint, bucket)
            """),
            $"CREATE MATERIALIZED VIEW IF NOT EXISTS {layout.Storage("rollup_latency_5m_mv")}{layout.OnCluster}\n" +
            $"TO {layout.Storage("rollup_latency_5m")} AS\n" +
            RollupFeed.Latency.Over(layout.Storage("latency_samples")),
        ]),
        new(5, "job_runs", [.. layout.Table("job_runs", """
            (
                run_id        UUID,
                job           LowCardinality(String),
                trigger       LowCardinality(String),
                started_at    DateTime64(3, 'UTC'),
                duration_ms   UInt64,
                rows_read     UInt64,
                status        LowCardinality(String),
                error         String,
                lut_version   String,
                metrics       Map(String, Float64)
            )
            ENGINE = MergeTree
            PARTITION BY toYYYYMM(started_at)
            ORDER BY (job, started_at)
            """)]),
        // Retries of an insert whose answer was lost carry the first attempt's deduplication token; the tables must
        // remember recent tokens to drop the repeat (replicated tables always do; plain MergeTree only with a window).
        new(6, "insert deduplication window", [
            .. new[] { "landing_events", "latency_samples", "rollup_arm_5m", "rollup_latency_5m", "job_runs" }
                .Select(t => $"ALTER TABLE {layout.Storage(t)}{layout.OnCluster} " +
                    "MODIFY SETTING non_replicated_deduplication_window = 10000")]),
        OffPolicyRollup.Migration(layout),
        CalibrationRollup.Migration(layout),
        // What each run was asked to do (its options, build revision, source mapping), for mev runs compare.
        new(9, "job_runs.params", [
            $"ALTER TABLE {layout.Storage("job_runs")}{layout.OnCluster} " +
            "ADD COLUMN IF NOT EXISTS params Map(String, String)",
            .. layout.Cluster is null ? Array.Empty<string>() :
            [
                $"ALTER TABLE {layout.Database}.job_runs{layout.OnCluster} " +
                "ADD COLUMN IF NOT EXISTS params Map(String, String)",
            ],
        ]),
    ];
}
