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
    IReadOnlyDictionary<string, double> Metrics);
