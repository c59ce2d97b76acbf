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

    /// <summary>Suffix of a report folder being written; <see cref="RetentionJob"/> removes one a killed run
    /// left.</summary>
    public const string StagingSuffix = ".tmp";

    /// <summary>Writes <paramref name="document"/> and returns the path of its HTML file. A write that fails (a
    /// full disk, cancellation) removes its staging folder before the error goes on.</summary>
    public static async Task<string> WriteAsync(string root, ReportDocument document, CancellationToken ct)
    {
        var final = Path.Combine(root, FolderName(document.GeneratedAt));
        var staging = final + StagingSuffix;
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            await WriteFilesAsync(staging, document, ct);
            if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
            Directory.Move(staging, final);
        }
        catch
        {
            try { Directory.Delete(staging, recursive: true); }
            catch (IOException) { } // retention removes what is left
            throw;
        }
        return Path.Combine(final, HtmlFile);
    }

    private static async Task WriteFilesAsync(string staging, ReportDocument document, CancellationToken ct)
    {
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
    }
}
