using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MevAnalytics.Reports.Charts;
using MevAnalytics.Reports.Documents;

namespace MevAnalytics.Jobs.Reports;

/// <summary>
/// Writes a report folder <c>{root}/{time}/</c>: <c>report.html</c> (self-contained), one PNG per chart,
/// <c>report.json</c> (the data of every chart) and <c>report.md</c>. Written to a temporary folder and renamed, so a
/// report is whole or absent.
/// </summary>
public static class ReportWriter
{
    public const string HtmlFile = "report.html";

    // report.json: the charts' data as the report shows it (no NaN: non-finite numbers are written as strings).
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Folder name of a report made at <paramref name="utcNow"/>; sorts by time.</summary>
    public static string FolderName(DateTime utcNow) =>
        utcNow.ToString("yyyy-MM-ddTHHmmss", CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="document"/> and returns the path of its HTML file.</summary>
    public static async Task<string> WriteAsync(string root, ReportDocument document, CancellationToken ct)
    {
        var final = Path.Combine(root, FolderName(document.GeneratedAt));
        var staging = final + ".tmp";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        var images = new Dictionary<Chart, byte[]>(ReferenceEqualityComparer.Instance);
        foreach (var chart in document.Charts.Where(c => !c.IsEmpty))
        {
            var png = ChartRenderer.Png(chart);
            images[chart] = png;
            await File.WriteAllBytesAsync(Path.Combine(staging, chart.FileName + ".png"), png, ct);
        }
        await File.WriteAllTextAsync(Path.Combine(staging, HtmlFile), ReportHtml.Render(document, c => images[c]), ct);
        await File.WriteAllTextAsync(Path.Combine(staging, "report.md"), ReportMarkdown.Render(document), ct);
        await File.WriteAllBytesAsync(Path.Combine(staging, "report.json"),
            JsonSerializer.SerializeToUtf8Bytes(document, Json), ct);
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(staging, final);
        return Path.Combine(final, HtmlFile);
    }
}
