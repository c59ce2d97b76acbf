using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Engine;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Data.Schema;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Integration.Tests.Sources;

/// <summary>
/// Its own engine with one simulated history (ending at the current hour, so the jobs' default windows find it) loaded
/// into database <c>sim</c> the usual way (<see cref="HistoryLoader"/> into <c>landing_events</c>), and the same rows
/// copied into tables of foreign shapes in database <c>searcher</c>:
/// <list type="bullet">
/// <item><c>searcher.sends</c>: every role under another name and type (DateTime64(6), FixedString leader, UInt16 arm,
/// Int64 tip, Float64 phase and latency), values unchanged;</item>
/// <item><c>searcher.bundle_log</c>: the docs' worked example (Float32 score, UInt8 outcome, EV and payoff in
/// lamports, phase in microseconds, no tip arm, no propensity);</item>
/// <item><c>searcher.bandit_events</c>: a bandit-only log (endpoint, leader, tip in lamports, Bool success,
/// profit in lamports, latency; no score, no EV, no tip arm, no propensity), docs/sources.md's second example;</item>
/// <item><c>searcher.probes</c>: latency probes (DateTime seconds, RTT in microseconds, Bool ok).</item>
/// </list>
/// Each test maps them into its own analytics database, so views, rollups and runs never meet.
/// </summary>
public sealed class SourcesFixture : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "mev-src-" + Guid.NewGuid().ToString("N")[..8]);
    public EmbeddedClickHouse Engine { get; private set; } = null!;
    public ClickHouseGateway Server { get; private set; } = null!;
    public DateTime End { get; private set; }

    /// <summary>Every role of <c>searcher.sends</c>, mapped.</summary>
    public static readonly IReadOnlyDictionary<string, string> FullSends = new Dictionary<string, string>
    {
        ["Ts"] = "sent_at",
        ["Slot"] = "slot_no",
        ["Leader"] = "leader_id",
        ["LeaderGroup"] = "grp",
        ["Route"] = "path",
        ["TipArm"] = "arm",
        ["TipLamports"] = "tip",
        ["Score"] = "predicted",
        ["EvEst"] = "ev_guess",
        ["Propensity"] = "prop",
        ["PhaseOffsetMs"] = "phase",
        ["Landed"] = "outcome",
        ["Payoff"] = "realized",
        ["LandLatencyMs"] = "land_ms",
        ["Policy"] = "pol",
    };

    /// <summary>The worked example of docs/sources.md: <c>searcher.bundle_log</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> BundleLog = new Dictionary<string, string>
    {
        ["Ts"] = "logged_at",
        ["Leader"] = "leader",
        ["Route"] = "relay",
        ["Score"] = "p_hat",
        ["Landed"] = "hit",
        ["EvEst"] = "ev_lamports / 1e9",
        ["Payoff"] = "profit_lamports / 1e9",
        ["TipLamports"] = "tip_paid",
        ["PhaseOffsetMs"] = "slot_phase_us / 1000",
        ["LandLatencyMs"] = "land_us / 1000",
    };

    /// <summary>Latency probes: <c>searcher.probes</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> Probes = new Dictionary<string, string>
    {
        ["Ts"] = "at",
        ["Route"] = "relay",
        ["Endpoint"] = "host",
        ["RttMs"] = "rtt_us / 1000",
        ["Ok"] = "success",
    };

    public async Task InitializeAsync()
    {
        Engine = await EmbeddedClickHouse.StartAsync(
            new EmbeddedEngineOptions { DataDirectory = Path.Combine(Folder, "engine") });
        var options = new ClickHouseOptions { Database = "sim", CompressInserts = false };
        Server = new ClickHouseGateway(Engine.ConnectionString(), options, useDatabase: false);
        await MigrationRunner.ApplyAsync(Server, new SchemaLayout("sim", null));
        var now = DateTime.UtcNow;
        End = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        using (var sim = new ClickHouseGateway(Engine.ConnectionString(), options))
        {
            await HistoryLoader.LoadAsync(sim, new SimulationOptions
            {
                Days = 2,
                SendsPerSecond = 2,
                Seed = 11,
                End = End,
                ProbeInterval = TimeSpan.FromSeconds(30),
                Leaders = 150,
            }, now);
        }
        foreach (var statement in Setup) await Server.ExecuteAsync(statement);
    }

    private static readonly string[] Setup =
    [
        "CREATE DATABASE IF NOT EXISTS searcher",
        """
        CREATE TABLE searcher.sends
        (
            sent_at DateTime64(6, 'UTC'), slot_no Int64, leader_id FixedString(44), grp String,
            path LowCardinality(String), arm UInt16, tip Int64, predicted Float64, ev_guess Float64, prop Float64,
            phase Float64, outcome UInt8, realized Float64, land_ms Nullable(Float64), pol String
        )
        ENGINE = MergeTree PARTITION BY toYYYYMM(sent_at) ORDER BY sent_at
        """,
        """
        INSERT INTO searcher.sends
        SELECT toDateTime64(ts, 6, 'UTC'), toInt64(slot), leader, leader_group, route, tip_arm, toInt64(tip_lamports),
               p_land_est, ev_est_sol, propensity, phase_offset_ms, landed, payoff_sol, land_latency_ms, policy
        FROM sim.landing_events
        """,
        """
        CREATE TABLE searcher.bundle_log
        (
            logged_at DateTime64(6, 'UTC'), leader FixedString(44), relay LowCardinality(String), p_hat Float32,
            hit UInt8, ev_lamports Int64, profit_lamports Int64, tip_paid UInt64, slot_phase_us Int32,
            land_us Nullable(Int64)
        )
        ENGINE = MergeTree PARTITION BY toDate(logged_at) ORDER BY (relay, logged_at)
        """,
        """
        INSERT INTO searcher.bundle_log
        SELECT toDateTime64(ts, 6, 'UTC'), leader, route, toFloat32(p_land_est), landed,
               toInt64(round(ev_est_sol * 1e9)), toInt64(round(payoff_sol * 1e9)), tip_lamports,
               toInt32(round(phase_offset_ms * 1000)), toInt64(round(land_latency_ms * 1000))
        FROM sim.landing_events
        """,
        """
        CREATE TABLE searcher.bandit_events
        (
            at DateTime64(3, 'UTC'), endpoint LowCardinality(String), leader String, tip_lamports UInt64,
            success Bool, profit_lamports Int64, latency_ms Nullable(Float32)
        )
        ENGINE = MergeTree PARTITION BY toDate(at) ORDER BY (endpoint, at)
        """,
        """
        INSERT INTO searcher.bandit_events
        SELECT ts, route, leader, tip_lamports, landed = 1, toInt64(round(payoff_sol * 1e9)), land_latency_ms
        FROM sim.landing_events
        """,
        """
        CREATE TABLE searcher.probes (at DateTime('UTC'), relay String, host String, rtt_us UInt32, success Bool)
        ENGINE = MergeTree ORDER BY (relay, host, at)
        """,
        """
        INSERT INTO searcher.probes
        SELECT toDateTime(ts), route, endpoint, toUInt32(round(rtt_ms * 1000)), ok = 1 FROM sim.latency_samples
        """,
    ];

    /// <summary>Configuration of database <paramref name="database"/> (its own views and rollups) with the landing
    /// source <paramref name="table"/> mapped by <paramref name="columns"/> (or unmapped when null), artifacts under
    /// <paramref name="root"/>.</summary>
    public IConfiguration Configuration(string database, string root, string? table,
        IReadOnlyDictionary<string, string>? columns, IDictionary<string, string?>? extra = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["ClickHouse:ConnectionString"] = Engine.ConnectionString(),
            ["ClickHouse:Database"] = database,
            ["Artifacts:Root"] = root,
            ["Calibration:MinSamples"] = "1500",
        };
        foreach (var kv in Support.NoTtl.Settings) all[kv.Key] = kv.Value;
        if (table is not null)
        {
            all["Sources:Landing:Table"] = table;
            foreach (var (role, expression) in columns!) all[$"Sources:Landing:Columns:{role}"] = expression;
        }
        if (extra is not null) foreach (var kv in extra) all[kv.Key] = kv.Value;
        return new ConfigurationBuilder().AddInMemoryCollection(all).Build();
    }

    /// <summary>A fresh artifact root under the fixture folder.</summary>
    public string NewRoot(string name) =>
        Path.Combine(Folder, "artifacts-" + name + "-" + Guid.NewGuid().ToString("N")[..6]);

    /// <summary>Opens a session on <paramref name="configuration"/> (migrates, applies the mapping) and runs
    /// <paramref name="job"/> with the clock at <see cref="End"/>.</summary>
    public async Task<JobOutcome> RunAsync(IConfiguration configuration, string job)
    {
        await using var session = await JobSession.OpenAsync(configuration);
        return await JobRunner.RunAsync(JobCatalog.Get(job), session.Context("test", utcNow: End),
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        Server.Dispose();
        await Engine.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class SourcesCollection : ICollectionFixture<SourcesFixture>
{
    public const string Name = "mapped sources engine";
}
