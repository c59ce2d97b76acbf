using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Execution;

/// <summary>The jobs this host runs: <see cref="JobCatalog.All"/> in production, a test's own jobs in tests.</summary>
public sealed class HostedJobs(IReadOnlyList<IAnalyticsJob> jobs)
{
    public IReadOnlyList<IAnalyticsJob> All { get; } = jobs;

    public IEnumerable<string> Names => All.Select(j => j.Name);

    /// <summary>The job called <paramref name="name"/>, or an error listing the names there are.</summary>
    public IAnalyticsJob Get(string name) =>
        All.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown job '{name}'; jobs: {string.Join(", ", Names)}");
}
