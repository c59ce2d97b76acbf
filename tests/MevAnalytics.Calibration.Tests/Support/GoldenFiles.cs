using System.Text.Json;

namespace MevAnalytics.Calibration.Tests.Support;

/// <summary>Locates tests/golden/isotonic and reads the JSON written by scripts/sklearn/isotonic_golden.py.</summary>
internal static class GoldenFiles
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MevAnalytics.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException(
                "Repository root (MevAnalytics.sln) not found above " + AppContext.BaseDirectory);
        }
    }

    public static string IsotonicDir => Path.Combine(RepoRoot, "tests", "golden", "isotonic");

    public static IEnumerable<object[]> IsotonicCaseNames() =>
        Directory.GetFiles(IsotonicDir, "*.json").Select(Path.GetFileNameWithoutExtension)
            .Where(n => !n!.StartsWith("metrics_", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => new object[] { n! });

    public static IEnumerable<object[]> MetricsCaseNames() =>
        Directory.GetFiles(IsotonicDir, "metrics_*.json").Select(Path.GetFileNameWithoutExtension)
            .OrderBy(n => n, StringComparer.Ordinal).Select(n => new object[] { n! });

    public static JsonElement Load(string dir, string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, name + ".json"))).RootElement;

    public static double[] Doubles(this JsonElement e, string property) =>
        e.GetProperty(property).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static double[]? DoublesOrNull(this JsonElement e, string property) =>
        e.GetProperty(property).ValueKind == JsonValueKind.Null ? null : e.Doubles(property);

    public static double? DoubleOrNull(this JsonElement e, string property) =>
        e.GetProperty(property).ValueKind == JsonValueKind.Null ? null : e.GetProperty(property).GetDouble();
}
