namespace MevAnalytics.Host.Scheduling;

/// <summary>
/// What start-up does to Hangfire's recurring jobs: add or update each configured job that exists, remove every
/// recurring job that is not (configured jobs that do not exist yet are reported, not scheduled).
/// </summary>
/// <param name="Upserts">Recurring job id (the job name) and cron.</param>
/// <param name="Removals">Recurring job ids to remove.</param>
/// <param name="Unknown">Configured names with no such job in the catalog.</param>
public sealed record SchedulePlan(
    IReadOnlyList<KeyValuePair<string, string>> Upserts,
    IReadOnlyList<string> Removals,
    IReadOnlyList<string> Unknown)
{
    /// <summary>Compares the configured schedule with the jobs there are and the recurring jobs already
    /// stored.</summary>
    public static SchedulePlan Create(IReadOnlyDictionary<string, string> configured, IEnumerable<string> jobNames,
        IEnumerable<string> existingIds)
    {
        var names = jobNames.ToDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);
        var upserts = new List<KeyValuePair<string, string>>();
        var unknown = new List<string>();
        foreach (var (job, cron) in configured)
        {
            if (names.TryGetValue(job, out var canonical)) upserts.Add(new(canonical, cron));
            else unknown.Add(job);
        }
        upserts.Sort((x, y) => string.CompareOrdinal(x.Key, y.Key));
        var keep = upserts.Select(u => u.Key).ToHashSet(StringComparer.Ordinal);
        var removals = existingIds.Where(id => !keep.Contains(id)).Distinct()
            .OrderBy(id => id, StringComparer.Ordinal).ToList();
        unknown.Sort(StringComparer.Ordinal);
        return new SchedulePlan(upserts, removals, unknown);
    }
}
