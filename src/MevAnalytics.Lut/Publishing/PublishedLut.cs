namespace MevAnalytics.Lut;

/// <summary>One published version of a table.</summary>
/// <param name="Table">Table name.</param>
/// <param name="Version">Version number.</param>
/// <param name="FilePath">Absolute path of the .lut file.</param>
/// <param name="Manifest">Its manifest.</param>
public sealed record PublishedLut(string Table, int Version, string FilePath, LutManifest Manifest);
