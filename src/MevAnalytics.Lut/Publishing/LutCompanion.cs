namespace MevAnalytics.Lut;

/// <summary>
/// A file that belongs to a published version and is published with it (the job's summary, the snapshot of the rows
/// it fitted): written as <c>{table}-{version}.{Suffix}</c> before <c>current</c> moves, listed in the manifest, and
/// pruned or rolled back together with the table. If it cannot be written whole, the version is not published.
/// </summary>
/// <param name="Suffix">File name suffix after the version, e.g. <c>summary.json</c>.</param>
/// <param name="WriteAsync">Writes the whole file into the stream, given the version being published (null when the
/// gate refused the table and the file is kept beside the refusal); the caller fsyncs and renames it.</param>
public sealed record LutCompanion(string Suffix, Func<Stream, int?, CancellationToken, Task> WriteAsync);
