namespace MevAnalytics.Host.Execution;

/// <summary>A run that ended <see cref="MevAnalytics.Jobs.Running.JobStatus.Failed"/>; thrown so that Hangfire retries
/// it.</summary>
public sealed class JobFailedException(string job, string summary) : Exception($"job {job} failed: {summary}")
{
    public string Job { get; } = job;
}
