using MevAnalytics.Jobs.Hosting;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// Everything a caller (CLI, Hangfire host, notebook, test) needs to run jobs: the settings, bound and validated
/// once, and the store, opened once and shared by the runs.
/// </summary>
public sealed class JobSession : IAsyncDisposable
{
    private JobSession(JobSettings settings, AnalyticsStore store)
    {
        Settings = settings;
        Store = store;
    }

    /// <summary>Every options section, validated.</summary>
    public JobSettings Settings { get; }

    public AnalyticsStore Store { get; }

    /// <summary>Where outputs go (section <c>Artifacts</c>).</summary>
    public ArtifactOptions Artifacts => Settings.Artifacts;

    /// <summary>Binds <paramref name="configuration"/> once, opens the store it describes and makes sure the schema
    /// is current.</summary>
    public static Task<JobSession> OpenAsync(IConfiguration configuration, Action<string>? log = null,
        CancellationToken ct = default) => OpenAsync(JobSettings.Bind(configuration), log, ct);

    /// <summary>Opens the store <paramref name="settings"/> describe and makes sure the schema is current.</summary>
    public static async Task<JobSession> OpenAsync(JobSettings settings, Action<string>? log = null,
        CancellationToken ct = default)
    {
        var store = await AnalyticsStore.OpenAsync(settings, log, ct);
        try
        {
            await store.MigrateAsync(log, ct);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return new JobSession(settings, store);
    }

    /// <summary>A context for one run.</summary>
    public JobContext Context(string trigger, Action<string>? log = null, Action<double>? progress = null,
        DateTime? utcNow = null) =>
        new(Store, Settings, trigger, utcNow ?? DateTime.UtcNow, log ?? (_ => { }), progress ?? (_ => { }));

    /// <summary>Runs a job by name through <see cref="JobRunner"/>.</summary>
    public Task<JobOutcome> RunAsync(string job, string trigger, Action<string>? log = null,
        Action<double>? progress = null, CancellationToken ct = default) =>
        JobRunner.RunAsync(JobCatalog.Get(job), Context(trigger, log, progress), ct);

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
