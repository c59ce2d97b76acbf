using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MevAnalytics.Jobs.Running;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Reports.Views;

/// <summary>The current version of a published table: its manifest facts and the files published with it.</summary>
/// <param name="Table">Table name.</param>
/// <param name="Version">Current version.</param>
/// <param name="ProducerJob">Job that published it.</param>
/// <param name="CreatedAt">Created-at from the manifest (UTC).</param>
/// <param name="RowsUsed">Rows the fit used.</param>
/// <param name="Metrics">Headline metrics from the manifest.</param>
/// <param name="FilePath">The LUT file.</param>
/// <param name="Companions">The files published with this version (summary, snapshot), as the manifest lists
/// them.</param>
public sealed record PublishedTable(string Table, int Version, string ProducerJob, DateTime CreatedAt, long RowsUsed,
    IReadOnlyDictionary<string, double> Metrics, string FilePath, IReadOnlyList<string> Companions)
{
    /// <summary>The companion file whose name ends in <c>.</c><paramref name="suffix"/> (e.g.
    /// <c>snapshot.parquet</c>), or null when this version was published without one.</summary>
    public string? Companion(string suffix) =>
        Companions.FirstOrDefault(f => f.EndsWith("." + suffix, StringComparison.Ordinal));

    /// <summary>The job's summary of this version, read as <paramref name="type"/>; null when the version has no
    /// summary or it cannot be read (the report then leaves the table's section empty).</summary>
    public T? Summary<T>(JsonTypeInfo<SummaryDocument<T>> type) where T : class
    {
        if (Companion(LutJobRunner.SummarySuffix) is not { } path || !File.Exists(path)) return null;
        try
        {
            using var stream = ArtifactFile.Open(path, ArtifactFile.MaxJsonBytes);
            return JsonSerializer.Deserialize(stream, type)?.Summary;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException
                                     or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Age at <paramref name="now"/>.</summary>
    public TimeSpan Age(DateTime now) => now - CreatedAt;
}
