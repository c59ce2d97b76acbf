using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Execution;

/// <summary>
/// The host's one <see cref="JobSession"/> (store and artifact root). Opened at start when ClickHouse answers; when
/// it does not, the host starts anyway and opens the session on first use, so <c>/healthz</c> can say 503 (and jobs
/// fail and retry) until ClickHouse is back, instead of the host refusing to start.
/// </summary>
public sealed class JobSessionHolder : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<JobSession>>? _open;
    private readonly SemaphoreSlim _opening = new(1, 1);
    private JobSession? _session;

    /// <summary>A holder of a session already open.</summary>
    public JobSessionHolder(JobSession session)
    {
        _session = session;
        Artifacts = session.Artifacts;
    }

    /// <summary>A holder that opens its session on first use (and again after a failed try).</summary>
    public JobSessionHolder(Func<CancellationToken, Task<JobSession>> open, ArtifactOptions artifacts)
    {
        _open = open;
        Artifacts = artifacts;
    }

    /// <summary>Where outputs go (known without ClickHouse).</summary>
    public ArtifactOptions Artifacts { get; }

    /// <summary>The session, opening it if needed; throws while ClickHouse cannot be reached.</summary>
    public async Task<JobSession> GetAsync(CancellationToken ct)
    {
        if (_session is { } open) return open;
        await _opening.WaitAsync(ct);
        try
        {
            return _session ??= await _open!(ct);
        }
        finally
        {
            _opening.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
        _opening.Dispose();
    }
}
