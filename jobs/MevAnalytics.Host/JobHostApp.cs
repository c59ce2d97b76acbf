using Hangfire;
using MevAnalytics.Host.Logging;
using MevAnalytics.Jobs.Running;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MevAnalytics.Host;

/// <summary>A built job host: the web app (dashboard, health, metrics, Hangfire server) and the job session it owns.</summary>
public sealed class JobHostApp : IAsyncDisposable
{
    private readonly JobSession _session;

    internal JobHostApp(WebApplication app, JobSession session)
    {
        App = app;
        _session = session;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>This host's Hangfire storage (monitoring API, connections).</summary>
    public JobStorage Storage => App.Services.GetRequiredService<JobStorage>();

    /// <summary>Addresses actually bound (port 0 resolved), available after <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<string> Addresses =>
        App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    public Task StartAsync(CancellationToken ct = default) => App.StartAsync(ct);

    /// <summary>Stops accepting requests, cancels running jobs' tokens and waits up to <c>Host:ShutdownTimeout</c>.</summary>
    public Task StopAsync(CancellationToken ct = default) => App.StopAsync(ct);

    /// <summary>Runs until <paramref name="ct"/> is cancelled or the process is asked to stop (SIGINT/SIGTERM).</summary>
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
