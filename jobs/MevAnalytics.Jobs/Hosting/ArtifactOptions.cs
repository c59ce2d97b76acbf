using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Jobs.Hosting;

/// <summary>Where jobs write their outputs (section <c>Artifacts</c>).</summary>
public sealed class ArtifactOptions : ISectionOptions
{
    public const string SectionName = "Artifacts";

    static string ISectionOptions.Section => SectionName;

    /// <summary>Root folder of LUTs, summaries, snapshots and reports. Default <c>.data/artifacts</c>.</summary>
    public string Root { get; set; } = Path.Combine(".data", "artifacts");

    /// <summary>Published versions kept per table. Default 10.</summary>
    public int Keep { get; set; } = 10;

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or inside it.</summary>
    public static bool IsUnder(string path, string root)
    {
        var full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var parent = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(parent, StringComparison.Ordinal);
    }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Root)) throw new ArgumentException($"{SectionName}:Root must be set.");
        if (Keep is < 1 or > 1000) throw new ArgumentException($"{SectionName}:Keep {Keep} is outside 1..1000.");
    }
}
