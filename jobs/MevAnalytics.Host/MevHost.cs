using System.Text.Json;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using MevAnalytics.Data.Configuration;
using MevAnalytics.Data.Connection;
using MevAnalytics.Host.Configuration;
using MevAnalytics.Host.Execution;
using MevAnalytics.Host.Health;
using MevAnalytics.Host.Logging;
using MevAnalytics.Host.Metrics;
using MevAnalytics.Host.Reports;
using MevAnalytics.Host.Scheduling;
using MevAnalytics.Host.Security;
using MevAnalytics.Host.Storage;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MevAnalytics.Host;

/// <summary>
/// The Hangfire job host: server and dashboard (<c>/hangfire</c>), recurring jobs from <c>Schedule</c>,
/// <c>/healthz</c>, <c>/metrics</c> and <c>/reports</c>. Everything is built from one <see cref="IConfiguration"/>, so
/// the CLI, the standalone host and tests configure it the same way.
/// </summary>
public static class MevHost
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly ComponentCheck Unknown = new(false, 0, "not checked yet");

    /// <summary>
    /// Validates the configuration (refusing a non-loopback binding without dashboard credentials before anything
    /// starts), opens the job session (embedded ClickHouse unless one is configured), builds the app and syncs the
    /// recurring jobs. <paramref name="jobs"/> defaults to <see cref="JobCatalog.All"/>.
    /// </summary>
    public static async Task<JobHostApp> CreateAsync(IConfiguration configuration,
        IReadOnlyList<IAnalyticsJob>? jobs = null, Action<ILoggingBuilder>? logging = null,
        CancellationToken ct = default)
    {
        // Every section (the jobs' and the host's) bound and checked once, before anything starts; the app gets these
        // instances.
        JobSettings settings;
        JobHostOptions host;
        StorageOptions storageOptions;
        DashboardAccessOptions access;
        HealthOptions health;
        using (var options = AddOptions(new ServiceCollection(), configuration).BuildServiceProvider())
        {
            settings = JobSettings.From(options);
            host = SectionOptions.Resolve<JobHostOptions>(options);
            storageOptions = SectionOptions.Resolve<StorageOptions>(options);
            access = SectionOptions.Resolve<DashboardAccessOptions>(options);
            health = SectionOptions.Resolve<HealthOptions>(options);
        }
        var schedule = JobSchedule.From(configuration);
        BindingPolicy.Check(ListenAddresses.From(configuration, host), access.HasCredentials);
        var hosted = new HostedJobs(jobs ?? JobCatalog.All);

        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls([.. host.UrlList()]);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Hangfire.Storage.SQLite", LogLevel.Warning); // expiration sweeps every few minutes
        logging?.Invoke(builder.Logging);
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(
            o => o.ShutdownTimeout = host.ShutdownTimeout + TimeSpan.FromSeconds(5));

        // Start-up happens before the app (and its logging) exists.
        using var startLogging = LoggerFactory.Create(b =>
        {
            b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
            logging?.Invoke(b);
        });
        var startLog = startLogging.CreateLogger("MevAnalytics.Host");
        // Hangfire objects take their loggers when constructed (storage, retry filter), so the provider is set first.
        GlobalConfiguration.Configuration.UseLogProvider(new AspNetCoreLogProvider(HangfireLogBridge.Instance));
        HangfireLogBridge.Instance.Attach(startLogging);
        startLog.LogInformation("Hangfire storage: {Storage}", HangfireStorageFactory.Describe(storageOptions));
        var session = await OpenSessionAsync(settings, startLog, ct);
        try
        {
            var storage = HangfireStorageFactory.Create(storageOptions);
            var services = builder.Services;
            services.AddSingleton(settings);
            services.AddSingleton(Microsoft.Extensions.Options.Options.Create(host));
            services.AddSingleton(Microsoft.Extensions.Options.Options.Create(storageOptions));
            services.AddSingleton(Microsoft.Extensions.Options.Options.Create(access));
            services.AddSingleton(session);
            services.AddSingleton(hosted);
            services.AddSingleton(schedule);
            services.AddSingleton(health);
            services.AddSingleton(storage);
            // Registered before AddHangfire, whose TryAdd defaults are process-wide statics.
            services.AddSingleton(sp => RetryPolicy.Filters(host.RetryAttempts, host.RetryBaseDelay,
                new FailureLogFilter(sp.GetRequiredService<ILoggerFactory>().CreateLogger("MevAnalytics.Host.Jobs"))));
            services.AddSingleton<JobActivator>(
                sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
            services.AddTransient<HangfireJobEntry>();
            services.AddSingleton<HealthProbe>();
            services.AddSingleton<HostStatusRefresher>();
            services.AddHostedService(sp => sp.GetRequiredService<HostStatusRefresher>());
            services.AddHangfire(c => c
                .UseLogProvider(new AspNetCoreLogProvider(HangfireLogBridge.Instance))
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings());
            services.AddHangfireServer((_, o) =>
            {
                o.WorkerCount = host.WorkerCount;
                o.SchedulePollingInterval = host.SchedulePollingInterval;
                o.ShutdownTimeout = host.ShutdownTimeout;
                o.ServerName = Environment.MachineName; // Hangfire appends process id and a unique suffix
            }, storage);

            var app = builder.Build();
            HangfireLogBridge.Instance.Attach(app.Services.GetRequiredService<ILoggerFactory>());
            var accessFilter = new BasicAuthDashboardFilter(access);
            GatedStateRenderer.Register();
            app.UseHangfireDashboard("/hangfire", new DashboardOptions
            {
                Authorization = [accessFilter],
                IsReadOnlyFunc = _ => access.ReadOnly,
                DashboardTitle = "MevAnalytics jobs",
                DisplayStorageConnectionString = false,
                AppPath = null,
            }, storage);
            app.MapGet("/", () => Results.Redirect("/hangfire"));
            // Both answer from the background read: no request waits on the file system or the engine.
            app.MapGet("/healthz", async (HostStatusRefresher status, CancellationToken token) =>
            {
                var (current, stateError) = await status.CurrentAsync(token);
                var report = current is null
                    ? new HealthReport(Unknown, Unknown, [], DateTime.UtcNow, stateError)
                    : current.Health with { StateError = stateError };
                return Results.Json(report, Json,
                    statusCode: report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            });
            app.MapGet("/metrics", async (HostStatusRefresher status, CancellationToken token) =>
            {
                var (current, stateError) = await status.CurrentAsync(token);
                return current is null
                    ? Results.Text("# " + stateError + "\n", MetricsDocument.ContentType,
                        statusCode: StatusCodes.Status503ServiceUnavailable)
                    : Results.Text(current.Metrics, MetricsDocument.ContentType);
            });

            ReportEndpoints.Map(app, session, accessFilter);

            var plan = ScheduleSync.Apply(storage, app.Services.GetRequiredService<IRecurringJobManager>(),
                schedule, hosted,
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MevAnalytics.Host.Schedule"));
            startLog.LogInformation("{Count} recurring jobs scheduled, {Removed} removed",
                plan.Upserts.Count, plan.Removals.Count);
            return new JobHostApp(app, session, access.HasCredentials);
        }
        catch
        {
            HangfireLogBridge.Instance.Detach(startLogging);
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>The jobs' and the host's options sections, bound from <paramref name="configuration"/> and validated
    /// on start (<c>ValidateOnStart</c>): a bad value stops the host at start with its key named.</summary>
    private static IServiceCollection AddOptions(IServiceCollection services, IConfiguration configuration)
    {
        JobSettings.Register(services, configuration);
        SectionOptions.Add<JobHostOptions>(services, configuration);
        SectionOptions.Add<StorageOptions>(services, configuration);
        SectionOptions.Add<DashboardAccessOptions>(services, configuration);
        SectionOptions.Add<HealthOptions>(services, configuration);
        return services;
    }

    /// <summary>Opens the job session, or, when ClickHouse does not answer, a holder that opens it on first
    /// use.</summary>
    private static async Task<JobSessionHolder> OpenSessionAsync(JobSettings settings, ILogger startLog,
        CancellationToken ct)
    {
        void Log(string line) => startLog.LogInformation("{Line}", line);
        try
        {
            return new JobSessionHolder(await JobSession.OpenAsync(settings, Log, ct));
        }
        catch (ClickHouseUnavailableException e)
        {
            startLog.LogWarning("ClickHouse does not answer ({Error}); the host starts anyway: /healthz says 503 " +
                                "and jobs fail and retry until it answers", e.Message);
            return new JobSessionHolder(token => JobSession.OpenAsync(settings, Log, token), settings.Artifacts);
        }
    }

    /// <summary>Builds and runs the host until stopped; for <c>mev serve</c> and the standalone program.</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, CancellationToken ct)
    {
        await using var host = await CreateAsync(configuration, ct: ct);
        await host.RunUntilStoppedAsync(ct);
        return 0;
    }
}
