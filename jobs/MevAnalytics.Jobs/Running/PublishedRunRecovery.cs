using MevAnalytics.Data.Connection;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Running;

/// <summary>
/// A run killed after its table became current (between the rename of <c>current</c> and its <c>job_runs</c> insert)
/// leaves a published version without a history row. Before each run, every table's current version whose manifest
/// names a run that <c>job_runs</c> does not know is recorded as published (trigger <c>recovered</c>), so the table,
/// its files and the history agree again.
/// </summary>
public static class PublishedRunRecovery
{
    /// <summary>Records the missing rows; returns how many.</summary>
    public static async Task<int> RecordMissingAsync(JobContext context, CancellationToken ct)
    {
        var root = context.Artifacts.LutRoot;
        if (!Directory.Exists(root)) return 0;
        var publisher = context.Publisher();
        var current = new List<PublishedLut>();
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            try
            {
                if (publisher.Current(Path.GetFileName(dir)) is { Manifest.RunId: not null } c) current.Add(c);
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException) { }
        }
        if (current.Count == 0) return 0;
        var ids = current.Select(c => Guid.Parse(c.Manifest.RunId!)).ToArray();
        var known = (await context.Db.QueryAsync(
            "SELECT DISTINCT run_id FROM job_runs WHERE run_id IN {ids:Array(UUID)}",
            new QueryParameters().Add("ids", ids), r => r.GetGuid(0), ct)).ToHashSet();
        var recorded = 0;
        foreach (var lut in current.Where(c => !known.Contains(Guid.Parse(c.Manifest.RunId!))))
        {
            var m = lut.Manifest;
            var outcome = new JobOutcome(JobStatus.Published,
                $"published {m.Table} v{m.Version}; recorded on recovery (the run ended before it could record itself)",
                m.RowsUsed, m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Metrics, []);
            await JobRunRecord.WriteAsync(context, m.ProducerJob, Guid.Parse(m.RunId!), "recovered",
                DateTime.UnixEpoch.AddMilliseconds(m.CreatedAtUnixMs), TimeSpan.Zero, outcome,
                new Dictionary<string, string>(), ct); // what the killed run was asked is not known
            context.Log($"recorded {m.Table} v{m.Version} in job_runs (published by run {m.RunId}, " +
                "which did not record it)");
            recorded++;
        }
        return recorded;
    }
}
