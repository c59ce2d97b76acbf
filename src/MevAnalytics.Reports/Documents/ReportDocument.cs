using System.Globalization;
using System.Text;
using MevAnalytics.Reports.Charts;

namespace MevAnalytics.Reports.Documents;

/// <summary>A trend report: charts and tables, rendered as Markdown that links the chart PNGs (pure).</summary>
public sealed record ReportDocument(
    string Title,
    DateTime GeneratedAt,
    DateTime WindowFrom,
    DateTime WindowTo,
    IReadOnlyList<TrendChart> Charts,
    IReadOnlyList<ReportTable> Tables)
{
    /// <summary>The report as Markdown.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Title).AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Window {WindowFrom:yyyy-MM-dd HH:mm} .. {WindowTo:yyyy-MM-dd HH:mm} UTC, generated {GeneratedAt:yyyy-MM-dd HH:mm} UTC.").AppendLine();
        foreach (var chart in Charts)
        {
            md.Append("## ").AppendLine(chart.Title).AppendLine();
            md.AppendLine(chart.IsEmpty ? "_No data in the window._" : $"![{chart.Title}]({chart.FileName})").AppendLine();
        }
        foreach (var table in Tables)
        {
            md.Append("## ").AppendLine(table.Title).AppendLine();
            md.Append("| ").AppendJoin(" | ", table.Columns).AppendLine(" |");
            md.Append('|').AppendJoin("", table.Columns.Select(_ => "---|")).AppendLine();
            foreach (var row in table.Rows) md.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
            md.AppendLine();
        }
        return md.ToString();
    }
}

/// <summary>A table of a report, cells already formatted.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
