using MevAnalytics.Data.Engine;
using MevAnalytics.Jobs.Hosting;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// The no-overlap lock of one job on this machine (<c>{Artifacts:Root}/locks/JOB.lock</c>, a <see cref="FileGate"/>),
/// so the CLI and any host exclude each other. A caller may take it before it starts an engine, so that a duplicate
/// run is refused at once, and hand it to <see cref="JobRunner"/>; otherwise the runner takes it itself.
/// </summary>
public sealed class JobLease : IDisposable
{
    private readonly FileGate _gate;

    private JobLease(string job, FileGate gate)
    {
        Job = job;
        _gate = gate;
    }

    /// <summary>The job this lease is for.</summary>
    public string Job { get; }

    /// <summary>Path of the lock file.</summary>
    public string Path => _gate.Path;

    /// <summary>Takes the lease of <paramref name="job"/>; null with <paramref name="refusal"/> set when another run
    /// holds it. Throws <see cref="IOException"/> naming the path and the cause when the lock file cannot be made
    /// (a read-only or full artifacts folder is not another run).</summary>
    public static JobLease? TryTake(ArtifactOptions artifacts, string job, out string refusal)
    {
        var path = artifacts.LockPath(job);
        refusal = "";
        try
        {
            if (FileGate.TryAcquire(path) is { } gate) return new JobLease(job, gate);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"job {job} cannot take its lock {path}: {e.Message}", e);
        }
        refusal = $"job {job} is already running (lock {path} is held)";
        return null;
    }

    public void Dispose() => _gate.Dispose();
}
