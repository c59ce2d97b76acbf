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

    /// <summary>Folder holding one subfolder per published table (<c>{Root}/luts</c>).</summary>
    public string LutRoot => Path.Combine(Root, "luts");

    /// <summary>Folder of one table's refused runs, their summaries and companions
    /// (<c>{Root}/summaries/{table}</c>).</summary>
    public string GatedRoot(string table) => Path.Combine(SummariesRoot, table);

    /// <summary>Folder holding the refused runs of every table (<c>{Root}/summaries</c>).</summary>
    public string SummariesRoot => Path.Combine(Root, "summaries");

    /// <summary>Folder of the trend reports, one subfolder per report (<c>{Root}/reports</c>).</summary>
    public string ReportsRoot => Path.Combine(Root, "reports");

    /// <summary>Where <c>mev demo</c> and <c>mev simulate</c> write the simulation's ground truth by default
    /// (<c>{Root}/simulation/ground-truth.json</c>).</summary>
    public string SimulationTruth => Path.Combine(Root, "simulation", "ground-truth.json");

    /// <summary>The no-overlap lock file of <paramref name="job"/> (<c>{Root}/locks/{job}.lock</c>).</summary>
    public string LockPath(string job) => Path.Combine(Root, "locks", job + ".lock");

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
