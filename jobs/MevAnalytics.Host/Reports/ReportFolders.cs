using System.Globalization;
using System.Text.RegularExpressions;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Reports;

namespace MevAnalytics.Host.Reports;

/// <summary>
/// The finished reports under <c>{Artifacts:Root}/reports</c> (folders named by their UTC time holding a
/// <c>report.html</c>; staging folders are skipped), and safe lookup of one file by name.
/// </summary>
public static partial class ReportFolders
{
    /// <summary>Files a report folder may serve, besides nothing else (no path in a name can leave the
    /// folder).</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.(html|png|json|md)$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{6}$")]
    private static partial Regex FolderName();

    /// <summary>Reports newest first.</summary>
    public static IReadOnlyList<ReportEntry> List(string artifactRoot)
    {
        var root = new ArtifactOptions { Root = artifactRoot }.ReportsRoot;
        if (!Directory.Exists(root)) return [];
        return Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>()
            .Where(n => FolderName().IsMatch(n) && File.Exists(Path.Combine(root, n, ReportWriter.HtmlFile)))
            .Order(StringComparer.Ordinal).Reverse()
            .Select(n => new ReportEntry(n,
                DateTime.ParseExact(n, "yyyy-MM-dd'T'HHmmss", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal),
                new FileInfo(Path.Combine(root, n, ReportWriter.HtmlFile)).Length))
            .ToArray();
    }

    /// <summary>The path of <paramref name="file"/> in report <paramref name="name"/>, or null when either name is not
    /// a report's.</summary>
    public static string? Resolve(string artifactRoot, string name, string file)
    {
        if (!FolderName().IsMatch(name) || !FileName().IsMatch(file)) return null;
        // Absolute: a relative Artifacts:Root would otherwise be taken for a web-root path when served.
        var path = Path.GetFullPath(Path.Combine(new ArtifactOptions { Root = artifactRoot }.ReportsRoot, name, file));
        // A report folder and its files are written by the report job, never as links: a planted link (a folder or
        // a file pointing at /etc) is not served.
        if (new DirectoryInfo(Path.GetDirectoryName(path)!).LinkTarget is not null) return null;
        return File.Exists(path) && new FileInfo(path).LinkTarget is null ? path : null;
    }
}

/// <summary>One finished report: folder name, UTC time, size of its HTML file.</summary>
public sealed record ReportEntry(string Name, DateTime CreatedAt, long HtmlBytes)
{
    public string Url => $"/reports/{Name}/{ReportWriter.HtmlFile}";
}
