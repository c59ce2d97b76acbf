using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Engine;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Data.Schema;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;
using MevAnalytics.Simulation.History;

namespace MevAnalytics.Integration.Tests.Engine;

/// <summary>One real embedded ClickHouse engine per test collection, on a fresh data folder, migrated.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public string DataDirectory { get; } =
        Path.Combine(Path.GetTempPath(), "mev-it-" + Guid.NewGuid().ToString("N")[..8]);
    public EmbeddedClickHouse Engine { get; private set; } = null!;
    public ClickHouseOptions Options { get; } = new() { Database = "mev", CompressInserts = false };
    public ClickHouseGateway Db { get; private set; } = null!;
    public ClickHouseGateway Server { get; private set; } = null!;
    public SchemaLayout Layout => new(Options.Database, null);

    /// <summary>The history every test class of the collection shares (loaded once; nobody truncates it).</summary>
    public static readonly SimulationOptions HistoryOptions = new()
    {
        Days = 0.5,
        SendsPerSecond = 25,
        Seed = 21,
        End = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc),
        ProbeInterval = TimeSpan.FromSeconds(10),
    };

    private Task<(HistoryLoader.Result Load, IReadOnlyList<HistoryChunk> Chunks)>? _history;

    /// <summary>Loads <see cref="HistoryOptions"/> on first use and returns the load result and the generated
    /// chunks.</summary>
    public Task<(HistoryLoader.Result Load, IReadOnlyList<HistoryChunk> Chunks)> HistoryAsync() =>
        _history ??= LoadHistoryAsync();

    private async Task<(HistoryLoader.Result, IReadOnlyList<HistoryChunk>)> LoadHistoryAsync()
    {
        var chunks = new List<HistoryChunk>();
        var load = await HistoryLoader.LoadAsync(Db, HistoryOptions, DateTime.UtcNow, onChunk: c =>
        {
            chunks.Add(c);
            return Task.CompletedTask;
        });
        return (load, chunks);
    }

    /// <summary>
    /// Environment of a <c>mev</c> process that attaches to this engine and publishes under
    /// <paramref name="artifactRoot"/>: a calibration window that reaches back to the fixture's history (early 2026)
    /// and no TTL, which would expire it the moment the process migrates. <paramref name="extra"/> wins.
    /// </summary>
    public Dictionary<string, string> MevEnvironment(string artifactRoot, params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["MEV_EmbeddedEngine__DataDirectory"] = DataDirectory,
            ["MEV_Artifacts__Root"] = artifactRoot,
            ["MEV_Calibration__Window"] = "400.00:00:00",
        };
        foreach (var (k, v) in Support.NoTtl.Environment) env[k] = v;
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    public async Task InitializeAsync()
    {
        Engine = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = DataDirectory });
        Server = new ClickHouseGateway(Engine.ConnectionString(), Options, useDatabase: false);
        Db = new ClickHouseGateway(Engine.ConnectionString(), Options);
        await MigrationRunner.ApplyAsync(Server, Layout);
    }

    public async Task DisposeAsync()
    {
        Db.Dispose();
        Server.Dispose();
        await Engine.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "embedded engine";
}
