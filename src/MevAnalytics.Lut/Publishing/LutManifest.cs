namespace MevAnalytics.Lut;

/// <summary>The JSON written next to each published version.</summary>
public sealed record LutManifest(
    string Table,
    int Version,
    string FileName,
    string Sha256,
    long SizeBytes,
    long CreatedAtUnixMs,
    long WindowFromUnixMs,
    long WindowToUnixMs,
    long RowsUsed,
    string ProducerJob,
    string GitRevision,
    string Producer,
    IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>Files published with this version (summary, snapshot), by name; empty for older manifests.</summary>
    public IReadOnlyList<string> Companions { get; init; } = [];

    /// <summary>The run that published this version (its <c>job_runs.run_id</c>),
    /// or null for older manifests.</summary>
    public string? RunId { get; init; }
}
