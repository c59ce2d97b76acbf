using System.Globalization;
using System.Text;

namespace MevAnalytics.Reports.Documents;

/// <summary>A Markdown index of a report that links the chart PNGs beside it (the HTML file is the primary
/// document).</summary>
public static class ReportMarkdown
{
    public static string Render(ReportDocument document)
    {
        var md = new StringBuilder();
        md.Append("# ").AppendLine(document.Title).AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Window {document.WindowFrom:yyyy-MM-dd HH:mm} .. {document.WindowTo:yyyy-MM-dd HH:mm} UTC, " +
            $"generated {document.GeneratedAt:yyyy-MM-dd HH:mm} UTC. ")
          .AppendLine("The full report with every table is `report.html`.").AppendLine();
        foreach (var section in document.Sections)
        {
            md.Append("## ").AppendLine(section.Title).AppendLine().Append('_').Append(section.Reading)
              .AppendLine("_").AppendLine();
            if (section.IsEmpty)
            {
                md.AppendLine(section.EmptyNote).AppendLine();
                continue;
            }
            foreach (var chart in section.Charts)
                md.AppendLine(chart.IsEmpty
                    ? $"{chart.Title}: no data in the window."
                    : $"![{chart.Title}]({chart.FileName}.png)").AppendLine();
            foreach (var block in section.Blocks)
            {
                if (block is ListBlock { Items.Count: > 0 } list)
                {
                    md.Append("**").Append(list.Title).AppendLine("**").AppendLine();
                    foreach (var item in list.Items) md.Append("- ").AppendLine(item);
                    md.AppendLine();
                }
                if (block is TableBlock { Table: var table } && table.Rows.Count > 0)
                {
                    md.Append("**").Append(table.Title).AppendLine("**").AppendLine();
                    md.Append("| ").AppendJoin(" | ", table.Columns).AppendLine(" |");
                    md.Append('|').AppendJoin("", table.Columns.Select(_ => "---|")).AppendLine();
                    foreach (var row in table.Rows) md.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
                    md.AppendLine();
                }
            }
        }
        return md.ToString();
    }
}
