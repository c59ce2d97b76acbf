using MevAnalytics.Host.Configuration;
using MevAnalytics.Host.Execution;
using MevAnalytics.Host.Metrics;
using MevAnalytics.Host.Reports;
using MevAnalytics.Host.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MevAnalytics.Host.Health;

/// <summary>
/// Reads the host's status (health checks, tables, metrics, the reports index) in the background every
/// <c>Health:RefreshInterval</c> and when a job run ends, so <c>/healthz</c>, <c>/metrics</c> and <c>/reports</c>
/// answer from memory: a request never waits on the file system or the engine, however many arrive or however the
/// artifacts folder was tampered with. A read that does not finish within <see cref="ReadDeadline"/> is not started
/// again while it hangs (no thread piles up); the answers then say how old the state is and turn unhealthy.
/// </summary>
public sealed class HostStatusRefresher(HealthProbe probe, JobSessionHolder session, JobSchedule schedule,
    HealthOptions options, ILogger<HostStatusRefresher> log) : BackgroundService
{
    /// <summary>How long one read may take: each check has its own timeout; the rest is the artifacts folder.</summary>
    public static readonly TimeSpan ReadDeadline = HealthProbe.CheckTimeout * 2;

    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private volatile HostStatus? _current;
    private volatile string? _refreshError;

    /// <summary>Asks for a read now (a job run ended); returns at once.</summary>
    public void RequestRefresh()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // A read is already asked for.
        }
    }

    /// <summary>The latest status and, when it is older than the schedule allows, why. Waits only right after start,
    /// for the first read, at most <see cref="ReadDeadline"/>.</summary>
    public async Task<(HostStatus? Status, string? StateError)> CurrentAsync(CancellationToken ct)
    {
        if (_current is null)
        {
            try
            {
                await _first.Task.WaitAsync(ReadDeadline, ct);
            }
            catch (TimeoutException)
            {
            }
        }
        var status = _current;
        if (status is null) return (null, _refreshError ?? $"no status read within {ReadDeadline.TotalSeconds:0} s");
        var age = DateTime.UtcNow - status.RefreshedAtUtc;
        return age <= options.RefreshInterval + ReadDeadline * 2
            ? (status, null)
            : (status, $"the status is {age.TotalSeconds:0} s old: {_refreshError ?? "the refresh is behind"}");
    }

    /// <summary>Starts the reads and waits for the first (at most <see cref="ReadDeadline"/>), so the first answers
    /// are a real read, not "not checked yet".</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        try
        {
            await _first.Task.WaitAsync(ReadDeadline, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        Task<HostStatus>? reading = null;
        while (!ct.IsCancellationRequested)
        {
            // A read still hanging (a stuck file system) is waited for, never started twice.
            reading ??= Task.Run(() => ReadAsync(ct), ct);
            try
            {
                _current = await reading.WaitAsync(ReadDeadline, ct);
                _refreshError = null;
                _first.TrySetResult();
                reading = null;
            }
            catch (TimeoutException)
            {
                _refreshError = $"the status read has not finished within {ReadDeadline.TotalSeconds:0} s";
                log.LogWarning("{Error}", _refreshError);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _refreshError = "the status read failed: " + e.Message;
                log.LogWarning("{Error}", _refreshError);
                reading = null;
            }
            try
            {
                await _wake.WaitAsync(options.RefreshInterval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<HostStatus> ReadAsync(CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var artifacts = ArtifactSnapshot.Read(session.Artifacts.Root, schedule, options, now);
        var health = probe.CheckAsync(artifacts.Luts, ct);
        var reports = ReportEndpoints.ReadIndexAsync(session, artifacts, now, ct);
        var state = await MetricsReader.ReadAsync(session, schedule, artifacts, now, ct);
        var (page, latest) = await reports;
        return new HostStatus(await health, await MetricsDocument.RenderAsync(state, ct), page, latest, now);
    }
}
