using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Engine;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Data.Schema;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;

namespace MevAnalytics.Integration.Tests.Bandit;

/// <summary>
/// Own embedded engine for the bandit, latency and phase ground-truth tests, holding several seeds' histories in
/// consecutive, non-overlapping windows: a job run whose clock is a history's End and whose window is its length
/// sees exactly that seed. Nobody truncates it.
/// </summary>
public sealed class BanditHistoryFixture : IAsyncLifetime
{
    /// <summary>Seeds loaded, one history each.</summary>
    public static readonly ulong[] Seeds = [11, 12, 13];

    /// <summary>Length of each history.</summary>
    public static readonly TimeSpan HistoryLength = TimeSpan.FromHours(12);

    private static readonly DateTime FirstEnd = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    public string DataDirectory { get; } =
        Path.Combine(Path.GetTempPath(), "mev-bandit-it-" + Guid.NewGuid().ToString("N")[..8]);
    public string ArtifactRoot { get; } =
        Path.Combine(Path.GetTempPath(), "mev-bandit-art-" + Guid.NewGuid().ToString("N")[..8]);
    public EmbeddedClickHouse Engine { get; private set; } = null!;
    public ClickHouseGateway Db { get; private set; } = null!;

    /// <summary>Load results (with ground truth) per seed, in <see cref="Seeds"/> order.</summary>
    public IReadOnlyList<HistoryLoader.Result> Histories { get; private set; } = [];

    /// <summary>
    /// Per seed, per (route index, arm): sends, sum of their true landing probabilities p_i and of p_i (1 - p_i).
    /// The realised landing rate varies around the mean p_i with variance sum p_i (1 - p_i) / n^2, less than the
    /// binomial p (1 - p) / n a posterior for the arm's population rate carries (contexts differ a lot).
    /// </summary>
    public IReadOnlyList<Dictionary<(int Route, int Arm), (long N, double SumP, double SumPq)>> SendSpread
    {
        get;
        private set;
    } = [];

    /// <summary>Simulation options of the i-th seed.</summary>
    public static SimulationOptions Options(int i) => new()
    {
        Days = HistoryLength.TotalDays,
        SendsPerSecond = 10,
        Seed = Seeds[i],
        End = FirstEnd + i * TimeSpan.FromDays(1),
        ProbeInterval = TimeSpan.FromSeconds(5),
        Leaders = 40,
    };

    public async Task InitializeAsync()
    {
        Engine = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = DataDirectory });
        var options = new ClickHouseOptions { Database = "mev", CompressInserts = false };
        using (var server = new ClickHouseGateway(Engine.ConnectionString(), options, useDatabase: false))
            await MigrationRunner.ApplyAsync(server, new SchemaLayout(options.Database, null));
        Db = new ClickHouseGateway(Engine.ConnectionString(), options);
        var histories = new List<HistoryLoader.Result>();
        var spread = new List<Dictionary<(int Route, int Arm), (long N, double SumP, double SumPq)>>();
        for (var i = 0; i < Seeds.Length; i++)
        {
            var cells = new Dictionary<(int, int), (long N, double SumP, double SumPq)>();
            histories.Add(await HistoryLoader.LoadAsync(Db, Options(i), DateTime.UtcNow, onChunk: c =>
            {
                var b = c.Landing;
                for (var j = 0; j < b.Count; j++)
                {
                    var key = (b.Route[j], b.Arm[j]);
                    var (n, sp, spq) = cells.GetValueOrDefault(key);
                    cells[key] = (n + 1, sp + b.PTrue[j], spq + b.PTrue[j] * (1 - b.PTrue[j]));
                }
                return Task.CompletedTask;
            }));
            spread.Add(cells);
        }
        Histories = histories;
        SendSpread = spread;
    }

    /// <summary>A job session attached to this engine, with extra configuration.</summary>
    public Task<JobSession> SessionAsync(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["EmbeddedEngine:DataDirectory"] = DataDirectory,
            ["Artifacts:Root"] = Path.Combine(ArtifactRoot, Guid.NewGuid().ToString("N")[..8]),
        };
        foreach (var kv in Support.NoTtl.Settings) all[kv.Key] = kv.Value;
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        return JobSession.OpenAsync(MevConfiguration.Build(all));
    }

    public async Task DisposeAsync()
    {
        Db.Dispose();
        await Engine.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        try { Directory.Delete(ArtifactRoot, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class BanditEngineCollection : ICollectionFixture<BanditHistoryFixture>
{
    public const string Name = "bandit engine";
}
