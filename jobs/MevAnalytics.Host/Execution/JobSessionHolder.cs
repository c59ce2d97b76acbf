using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Execution;

/// <summary>The host's one <see cref="JobSession"/> (store and artifact root), opened before the server starts.</summary>
public sealed class JobSessionHolder(JobSession session)
{
    public JobSession Session { get; } = session;
}
