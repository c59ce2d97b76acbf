using MevAnalytics.Data.Configuration;
using MevAnalytics.Jobs.Hosting;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// Everything a caller (CLI, Hangfire host, notebook, test) needs to run jobs: configuration, the store and the
/// artifact root, opened once and shared by the runs.
/// </summary>
public sealed class JobSession : IAsyncDisposable
{
    private JobSession(IConfiguration configuration, AnalyticsStore store, ArtifactOptions artifacts)
    {
        Configuration = configuration;
        Store = store;
        Artifacts = artifacts;
    }

    public IConfiguration Configuration { get; }
    public AnalyticsStore Store { get; }
    public ArtifactOptions Artifacts { get; }

    /// <summary>Opens the store described by <paramref name="configuration"/> and makes sure the schema is current.</summary>
    public static async Task<JobSession> OpenAsync(IConfiguration configuration, Action<string>? log = null, CancellationToken ct = default)
    {
        OptionsCheck.ValidateAll(configuration);
        var artifacts = SectionOptions.Get<ArtifactOptions>(configuration);
        var store = await AnalyticsStore.OpenAsync(configuration, log, ct);
        try
        {
            await store.MigrateAsync(log, ct);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return new JobSession(configuration, store, artifacts);
    }

    /// <summary>A context for one run.</summary>
    public JobContext Context(string trigger, Action<string>? log = null, Action<double>? progress = null, DateTime? utcNow = null) =>
        new(Store, Configuration, Artifacts, trigger, utcNow ?? DateTime.UtcNow, log ?? (_ => { }), progress ?? (_ => { }));

    /// <summary>Runs a job by name through <see cref="JobRunner"/>.</summary>
    public Task<JobOutcome> RunAsync(string job, string trigger, Action<string>? log = null, Action<double>? progress = null, CancellationToken ct = default) =>
        JobRunner.RunAsync(JobCatalog.Get(job), Context(trigger, log, progress), ct);

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
