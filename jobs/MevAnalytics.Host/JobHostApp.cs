using Hangfire;
using MevAnalytics.Host.Execution;
using MevAnalytics.Host.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MevAnalytics.Host;

/// <summary>A built job host: the web app (dashboard, health, metrics, Hangfire server) and the job session it
/// owns.</summary>
public sealed class JobHostApp : IAsyncDisposable
{
    private readonly JobSessionHolder _session;
    private readonly bool _hasCredentials;

    internal JobHostApp(WebApplication app, JobSessionHolder session, bool hasCredentials)
    {
        App = app;
        _session = session;
        _hasCredentials = hasCredentials;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>This host's Hangfire storage (monitoring API, connections).</summary>
    public JobStorage Storage => App.Services.GetRequiredService<JobStorage>();

    /// <summary>Addresses actually bound (port 0 resolved), available after <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<string> Addresses =>
        App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    /// <summary>Starts listening, then checks the addresses actually bound against the same rule as the configuration
    /// (whatever set them), stopping at once if one is off loopback without credentials, and logs them.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await App.StartAsync(ct);
        try
        {
            Security.BindingPolicy.Check(Addresses, _hasCredentials);
        }
        catch
        {
            await App.StopAsync(CancellationToken.None);
            throw;
        }
        App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MevAnalytics.Host")
            .LogInformation("listening on {Addresses}; dashboard at /hangfire", string.Join(", ", Addresses));
    }

    /// <summary>Stops accepting requests, cancels running jobs' tokens and waits up to
    /// <c>Host:ShutdownTimeout</c>.</summary>
    public Task StopAsync(CancellationToken ct = default) => App.StopAsync(ct);

    /// <summary>Runs until <paramref name="ct"/> is cancelled or the process is asked to stop
    /// (SIGINT/SIGTERM).</summary>
    public async Task RunUntilStoppedAsync(CancellationToken ct)
    {
        await StartAsync(ct);
        await App.WaitForShutdownAsync(ct);
        await StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        HangfireLogBridge.Instance.Detach(App.Services.GetRequiredService<ILoggerFactory>());
        await App.DisposeAsync();
        await _session.DisposeAsync();
    }
}
