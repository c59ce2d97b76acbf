namespace MevAnalytics.Lut;

/// <summary>Provenance stored in the file header. <see cref="CreatedAtUnixMs"/> is an input so output is
/// deterministic.</summary>
/// <param name="Kind">What the table mainly holds (informative).</param>
/// <param name="CreatedAtUnixMs">Creation time chosen by the producer (not read from the clock by the writer).</param>
/// <param name="WindowFromUnixMs">Start of the data window, inclusive.</param>
/// <param name="WindowToUnixMs">End of the data window, exclusive.</param>
/// <param name="RowsUsed">Input rows the statistics were computed from.</param>
/// <param name="ProducerJob">Name of the producing job.</param>
/// <param name="GitRevision">Git revision of the producer.</param>
public sealed record LutHeader(
    LutTableKind Kind,
    long CreatedAtUnixMs,
    long WindowFromUnixMs,
    long WindowToUnixMs,
    long RowsUsed,
    string ProducerJob,
    string GitRevision);
