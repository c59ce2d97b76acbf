using MevAnalytics.Data.Sources;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// Roles of the landing source a job cannot run without. With a mapped source that leaves one out, the job ends
/// <see cref="JobStatus.Unavailable"/> (exit 4) and says which configuration keys would make it run, instead of
/// fitting the constants the view holds for unmapped roles.
/// </summary>
public static class SourceRequirement
{
    /// <summary>The outcome to return when the landing source lacks one of <paramref name="roles"/>, else
    /// null.</summary>
    public static JobOutcome? Unavailable(JobContext context, string job, IReadOnlyList<string> roles)
    {
        if (context.Store?.Sources is not { } sources) return null;
        var missing = roles.Where(r => !sources.Has(SourceKind.Landing, r)).ToArray();
        if (missing.Length == 0) return null;
        var keys = string.Join(", ", missing.Select(r => $"{SourcesOptions.SectionName}:Landing:Columns:{r}"));
        return new JobOutcome(JobStatus.Unavailable,
            $"{job} is not available for the landing source {sources.Landing.Table}: it needs {keys}, which the " +
            "mapping leaves out (docs/sources.md); nothing published, the current table stays", 0, null,
            new Dictionary<string, double>(), []);
    }

    /// <summary>The relation the jobs read sends from: <c>landing_events</c> or the view over a mapped table.</summary>
    public static string LandingRelation(JobContext context) =>
        context.Store?.Sources.Relation(SourceKind.Landing) ?? SourceKind.Landing.OwnTable;
}
