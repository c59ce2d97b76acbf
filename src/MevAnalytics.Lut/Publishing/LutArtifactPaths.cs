using System.Globalization;
using System.Text.RegularExpressions;

namespace MevAnalytics.Lut;

/// <summary>
/// File names inside the artifact root. Table names and file names read back from disk are checked against a
/// strict pattern, and every path is verified to stay under the root, so configuration cannot escape it.
/// </summary>
internal sealed partial class LutArtifactPaths
{
    public const string CurrentFileName = "current";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex TableNamePattern();

    public LutArtifactPaths(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }

    public string TableDirectory(string table)
    {
        if (table is null || !TableNamePattern().IsMatch(table) || table.Contains(".."))
            throw new ArgumentException(
                $"table name '{table}' must match [A-Za-z0-9][A-Za-z0-9_.-]{{0,63}} without '..'", nameof(table));
        return Inside(Path.Combine(Root, table));
    }

    public static string LutFileName(string table, int version) =>
        $"{table}-{version.ToString("D6", CultureInfo.InvariantCulture)}.lut";

    public static string ManifestFileName(string table, int version) =>
        $"{table}-{version.ToString("D6", CultureInfo.InvariantCulture)}.manifest.json";

    /// <summary>Prefix every file of one version starts with.</summary>
    public static string VersionPrefix(string table, int version) =>
        $"{table}-{version.ToString("D6", CultureInfo.InvariantCulture)}.";

    /// <summary>File name of a companion of a version, e.g. <c>calibration-000003.summary.json</c>.</summary>
    public static string CompanionFileName(string table, int version, string suffix)
    {
        if (string.IsNullOrEmpty(suffix) || suffix is "lut" or "manifest.json" || suffix.Contains('/') ||
            suffix.Contains('\\') || suffix.Contains("..") ||
            suffix.EndsWith(DurableFile.TempSuffix, StringComparison.Ordinal))
            throw new ArgumentException($"companion suffix '{suffix}' is not a plain file suffix", nameof(suffix));
        return VersionPrefix(table, version) + suffix;
    }

    /// <summary>Version encoded in a .lut file name of this table, or null if the name is not one of ours.</summary>
    public static int? ParseVersion(string table, string fileName)
    {
        string prefix = table + "-";
        if (!fileName.StartsWith(prefix, StringComparison.Ordinal) ||
            !fileName.EndsWith(".lut", StringComparison.Ordinal))
            return null;
        var digits = fileName.AsSpan(prefix.Length, fileName.Length - prefix.Length - 4);
        if (digits.Length < 6 || digits.ContainsAnyExceptInRange('0', '9'))
            return null; // rejects separators and ".." as well
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : null;
    }

    public string Inside(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Root.EndsWith(Path.DirectorySeparatorChar) ? Root : Root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(root, StringComparison.Ordinal))
            throw new ArgumentException($"path '{path}' is outside the artifact root '{Root}'", nameof(path));
        return full;
    }
}
