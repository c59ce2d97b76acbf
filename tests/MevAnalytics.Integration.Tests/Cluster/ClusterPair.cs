using MevAnalytics.Data.Ingest;
using MevAnalytics.Integration.Tests.Support;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Integration.Tests.Cluster;

/// <summary>A real 3-shard local cluster and a single engine, each loaded with the same simulated day.</summary>
public sealed class ClusterPair : IAsyncLifetime
{
    public static readonly DateTime End = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly SimulationOptions Day = new()
    {
        Days = 0.25,
        SendsPerSecond = 30,
        Seed = 17,
        End = End,
        ProbeInterval = TimeSpan.FromSeconds(5),
        Leaders = 120,
    };

    public string Folder { get; } =
        Path.Combine(Path.GetTempPath(), "mev-cluster-" + Guid.NewGuid().ToString("N")[..8]);
    public JobSession Cluster { get; private set; } = null!;
    public JobSession Single { get; private set; } = null!;
    public long Rows { get; private set; }

    private readonly Dictionary<JobSession, Dictionary<string, string?>> _settings = [];

    public static Dictionary<string, string?> Settings(string dataDirectory, string artifacts, int shards)
    {
        var settings = new Dictionary<string, string?>
        {
            ["EmbeddedEngine:DataDirectory"] = dataDirectory,
            ["EmbeddedEngine:Shards"] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Artifacts:Root"] = artifacts,
            ["Calibration:Window"] = "1.00:00:00",
            ["Bandit:Window"] = "1.00:00:00",
            ["Latency:Window"] = "1.00:00:00",
            ["Phase:Window"] = "1.00:00:00",
            ["Calibration:MinSamples"] = "1500",
        };
        foreach (var (k, v) in NoTtl.Settings) settings[k] = v;
        return settings;
    }

    public async Task InitializeAsync()
    {
        var cluster = Settings(Path.Combine(Folder, "cluster"), Path.Combine(Folder, "a-cluster"), 3);
        var single = Settings(Path.Combine(Folder, "single"), Path.Combine(Folder, "a-single"), 1);
        Cluster = await JobSession.OpenAsync(MevConfiguration.Build(cluster));
        Single = await JobSession.OpenAsync(MevConfiguration.Build(single));
        _settings[Cluster] = cluster;
        _settings[Single] = single;
        var a = await HistoryLoader.LoadAsync(Cluster.Store.Db, Day, End);
        var b = await HistoryLoader.LoadAsync(Single.Store.Db, Day, End);
        if (a.LandingRows != b.LandingRows) throw new InvalidOperationException("the two loads differ");
        Rows = a.LandingRows;
    }

    /// <summary>Runs <paramref name="job"/> on one side with more settings; the run's clock is the end of the
    /// day.</summary>
    public Task<JobOutcome> RunAsync(JobSession session, string job, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(_settings[session]);
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var context = session.Context("test", utcNow: End)
            with
        { Settings = JobSettings.Bind(MevConfiguration.Build(all)) };
        return JobRunner.RunAsync(JobCatalog.Get(job), context, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Single.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
