using System.Reflection;

namespace MevAnalytics.Jobs.Publishing;

/// <summary>Which code produced an artifact: the git revision stamped at build time (or
/// <c>MEV_GIT_REVISION</c>).</summary>
public static class BuildInfo
{
    public static string GitRevision { get; } =
        Environment.GetEnvironmentVariable("MEV_GIT_REVISION") is { Length: > 0 } fromEnvironment ? fromEnvironment
        : typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                is { } v && v.Contains('+')
            ? v[(v.IndexOf('+') + 1)..]
            : "unknown";
}
