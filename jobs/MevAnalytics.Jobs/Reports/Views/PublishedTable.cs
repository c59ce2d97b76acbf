using System.Text.Json;

namespace MevAnalytics.Jobs.Reports.Views;

/// <summary>The current version of a published table: its manifest facts and its summary document (the job's JSON).</summary>
/// <param name="Table">Table name.</param>
/// <param name="Version">Current version.</param>
/// <param name="ProducerJob">Job that published it.</param>
/// <param name="CreatedAt">Created-at from the manifest (UTC).</param>
/// <param name="RowsUsed">Rows the fit used.</param>
/// <param name="Metrics">Headline metrics from the manifest.</param>
/// <param name="FilePath">The LUT file.</param>
/// <param name="Companions">The files published with this version (summary, snapshot), as the manifest lists them.</param>
/// <param name="Summary">The job's own summary (<c>summary</c> of the summary document), if readable.</param>
public sealed record PublishedTable(string Table, int Version, string ProducerJob, DateTime CreatedAt, long RowsUsed,
    IReadOnlyDictionary<string, double> Metrics, string FilePath, IReadOnlyList<string> Companions,
    JsonElement? Summary)
{
    /// <summary>The companion file whose name ends in <c>.</c><paramref name="suffix"/> (e.g.
    /// <c>snapshot.parquet</c>), or null when this version was published without one.</summary>
    public string? Companion(string suffix) =>
        Companions.FirstOrDefault(f => f.EndsWith("." + suffix, StringComparison.Ordinal));

    /// <summary>Age at <paramref name="now"/>.</summary>
    public TimeSpan Age(DateTime now) => now - CreatedAt;
}
