using System.Text.Json;
using MevAnalytics.Data.Engine;
using MevAnalytics.Data.Ingest;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Jobs.Simulation;
using MevAnalytics.Simulation;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Integration.Tests.Calibration;

/// <summary>
/// Its own embedded engine on its own folder with two simulated days (seeded, fixed end), so the calibration tests
/// never share table contents with other classes. Runs go through <see cref="JobRunner"/> with a fixed clock.
/// </summary>
public sealed class CalibrationFixture : IAsyncLifetime
{
    public static readonly DateTime End = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "mev-cal-" + Guid.NewGuid().ToString("N")[..8]);
    public EmbeddedClickHouse Engine { get; private set; } = null!;
    public AnalyticsStore Store { get; private set; } = null!;
    public HistoryLoader.Result Load { get; private set; } = null!;
    public string TruthPath => Path.Combine(Folder, "ground-truth.json");

    public async Task InitializeAsync()
    {
        Engine = await EmbeddedClickHouse.StartAsync(
            new EmbeddedEngineOptions { DataDirectory = Path.Combine(Folder, "engine") });
        Store = await AnalyticsStore.OpenAsync(Configuration(Path.Combine(Folder, "unused")));
        await Store.MigrateAsync();
        var sim = new SimulationOptions
        {
            Days = 2,
            SendsPerSecond = 2.5,
            Seed = 7,
            End = End,
            ProbeInterval = TimeSpan.FromMinutes(5),
            Leaders = 200,
        };
        Load = await HistoryLoader.LoadAsync(Store.Db, sim, End);
        await File.WriteAllTextAsync(TruthPath, JsonSerializer.Serialize(Load.Truth));
    }

    /// <summary>Configuration pointing at this engine, with <paramref name="root"/> as artifact root and extra
    /// settings.</summary>
    public IConfiguration Configuration(string root, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["ClickHouse:ConnectionString"] = Engine.ConnectionString(),
            ["ClickHouse:Database"] = "mev",
            ["Artifacts:Root"] = root,
            ["Calibration:GroundTruth"] = TruthPath,
            ["Calibration:MinSamples"] = "1500",
        };
        foreach (var kv in Support.NoTtl.Settings) all[kv.Key] = kv.Value;
        if (settings is not null) foreach (var kv in settings) all[kv.Key] = kv.Value;
        return new ConfigurationBuilder().AddInMemoryCollection(all).Build();
    }

    /// <summary>A fresh artifact root under the fixture folder.</summary>
    public string NewRoot(string name) =>
        Path.Combine(Folder, "artifacts-" + name + "-" + Guid.NewGuid().ToString("N")[..6]);

    /// <summary>Runs the calibrate job against <paramref name="root"/> with a fixed clock.</summary>
    public Task<JobOutcome> RunAsync(string root, IDictionary<string, string?>? settings = null,
        DateTime? utcNow = null)
    {
        var context = new JobContext(Store, JobSettings.Bind(Configuration(root, settings)), "test", utcNow ?? End,
            _ => { }, _ => { });
        return JobRunner.RunAsync(new CalibrationJob(), context, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await Engine.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class CalibrationCollection : ICollectionFixture<CalibrationFixture>
{
    public const string Name = "calibration engine";
}
