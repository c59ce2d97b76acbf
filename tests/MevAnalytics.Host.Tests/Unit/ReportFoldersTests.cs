using MevAnalytics.Host.Reports;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Jobs.Reports;

namespace MevAnalytics.Host.Tests.Unit;

public sealed class ReportFoldersTests
{
    [Fact]
    public void Reports_are_listed_newest_first_skipping_staging_and_resolve_to_absolute_paths_inside_them()
    {
        var root = Directory.CreateTempSubdirectory("mev-reports-").FullName;
        var previous = Environment.CurrentDirectory;
        try
        {
            foreach (var name in new[] { "2026-11-01T060000", "2026-11-02T060000", "2026-11-03T060000.tmp", "notes" })
            {
                var dir = Path.Combine(new ArtifactOptions { Root = root }.ReportsRoot, name);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, ReportWriter.HtmlFile), "<html></html>");
            }
            File.WriteAllText(Path.Combine(root, "secret.html"), "no");

            Assert.Equal(["2026-11-02T060000", "2026-11-01T060000"], ReportFolders.List(root).Select(r => r.Name));
            Assert.Equal(new DateTime(2026, 11, 2, 6, 0, 0, DateTimeKind.Utc), ReportFolders.List(root)[0].CreatedAt);

            // A relative artifact root (the default .data/artifacts) still resolves to a file on disk, not a web path.
            Environment.CurrentDirectory = root;
            var resolved = ReportFolders.Resolve(".", "2026-11-01T060000", ReportWriter.HtmlFile);
            Assert.NotNull(resolved);
            Assert.True(Path.IsPathRooted(resolved));
            Assert.Null(ReportFolders.Resolve(".", "..", "secret.html"));
            Assert.Null(ReportFolders.Resolve(".", "2026-11-01T060000", "../../secret.html"));
            Assert.Null(ReportFolders.Resolve(".", "2026-11-03T060000.tmp", ReportWriter.HtmlFile));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            Directory.Delete(root, recursive: true);
        }
    }
}
