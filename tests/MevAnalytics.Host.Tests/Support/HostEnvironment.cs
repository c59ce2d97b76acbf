using System.Net;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Engine;
using MevAnalytics.Data.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MevAnalytics.Host.Tests.Support;

/// <summary>
/// One embedded ClickHouse engine (own temp folder) for every host test; hosts attach to it through the ordinary
/// embedded-engine path (<c>EmbeddedEngine:DataDirectory</c>), each with its own Hangfire file and artifact root.
/// </summary>
public sealed class HostEnvironment : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "mev-host-" + Guid.NewGuid().ToString("N")[..8]);
    public string EngineDirectory => Path.Combine(Root, "clickhouse");
    public EmbeddedClickHouse Engine { get; private set; } = null!;
    public ClickHouseGateway Db { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = await EmbeddedClickHouse.StartAsync(new EmbeddedEngineOptions { DataDirectory = EngineDirectory });
        var options = new ClickHouseOptions { Database = "mev", CompressInserts = false };
        using (var server = new ClickHouseGateway(Engine.ConnectionString(), options, useDatabase: false))
            await MigrationRunner.ApplyAsync(server, new SchemaLayout("mev", null));
        Db = new ClickHouseGateway(Engine.ConnectionString(), options);
    }

    /// <summary>Settings of one host called <paramref name="name"/>: loopback port 0, fast polling, quick
    /// retries.</summary>
    public Dictionary<string, string?> Settings(string name, params (string Job, string Cron)[] schedule)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Host:Urls"] = "http://127.0.0.1:0",
            ["Host:RetryAttempts"] = "2",
            ["Host:RetryBaseDelay"] = "00:00:01",
            ["Host:SchedulePollingInterval"] = "00:00:00.5",
            ["Host:ShutdownTimeout"] = "00:00:10",
            ["HangfireStorage:SqlitePath"] = Path.Combine(Root, name, "hangfire.db"),
            ["HangfireStorage:QueuePollInterval"] = "00:00:00.5",
            ["Health:RefreshInterval"] = "00:00:00.5",
            ["Artifacts:Root"] = ArtifactRoot(name),
            ["EmbeddedEngine:DataDirectory"] = EngineDirectory,
            ["ClickHouse:Database"] = "mev",
        };
        foreach (var (job, cron) in schedule) settings[$"Schedule:{job}"] = cron;
        return settings;
    }

    public string ArtifactRoot(string name) => Path.Combine(Root, name, "artifacts");

    public static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    /// <summary>Test hosts log warnings only, to keep the test output readable.</summary>
    public static void QuietLogging(ILoggingBuilder logging) => logging.SetMinimumLevel(LogLevel.Warning);

    public Task<JobHostApp> StartHostAsync(Dictionary<string, string?> settings,
        params MevAnalytics.Jobs.Running.IAnalyticsJob[] jobs) =>
        StartHostAsync(settings, QuietLogging, jobs);

    public async Task<JobHostApp> StartHostAsync(Dictionary<string, string?> settings, Action<ILoggingBuilder> logging,
        params MevAnalytics.Jobs.Running.IAnalyticsJob[] jobs)
    {
        var host = await MevHost.CreateAsync(Configuration(settings), jobs, logging);
        await host.StartAsync();
        return host;
    }

    /// <summary>An HTTP client for the host's first address (a wildcard binding is reached over loopback).</summary>
    public static HttpClient Client(JobHostApp host)
    {
        var address = host.Addresses[0].Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1");
        return new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>GETs <paramref name="path"/> until <paramref name="ready"/> holds for its body (the host answers
    /// from a background read, refreshed when a run ends), at most 15 s; returns the last response.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> GetWhenAsync(HttpClient http, string path,
        Func<string, bool> ready)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (ready(body) || clock.Elapsed > TimeSpan.FromSeconds(15)) return (response.StatusCode, body);
            await Task.Delay(100);
        }
    }

    public Task<long> CountRunsAsync(string job, string status) =>
        Db.ScalarAsync<long>("SELECT count() FROM job_runs " +
            "WHERE job = {job:String} AND status = {status:String} AND trigger = 'hangfire'",
            new QueryParameters().Add("job", job).Add("status", status));

    private readonly Dictionary<string, JobHostApp> _shared = [];

    /// <summary>A host started once and shared by the tests of one class; stopped with the engine.</summary>
    public async Task<JobHostApp> SharedHostAsync(string name, Func<Task<JobHostApp>> start)
    {
        if (!_shared.TryGetValue(name, out var host)) _shared[name] = host = await start();
        return host;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _shared.Values)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
        Db.Dispose();
        await Engine.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostEnvironment>
{
    public const string Name = "job host";
}
