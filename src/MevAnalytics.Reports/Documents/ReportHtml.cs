using System.Globalization;
using System.Net;
using System.Text;
using MevAnalytics.Reports.Charts;

namespace MevAnalytics.Reports.Documents;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML file: CSS inline, every chart an inline data-URI
/// PNG, no script and nothing fetched, so it reads the same offline, from the host, or as an e-mail attachment. Pure:
/// the chart images come in through <c>image</c>.
/// </summary>
public static class ReportHtml
{
    // The raw literals joined by + run on without a line break between them: the same CSS as one literal.
    private const string Style = """
        body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0 auto;max-width:1240px;padding:0 18px 40px;color:#222;
          background:#fff;line-height:1.4}
        h1{font-size:1.6em;margin:18px 0 4px}
        """ + """
        h2{font-size:1.3em;border-bottom:2px solid #ddd;padding-bottom:3px;margin-top:34px}
        h3{font-size:1.05em;margin:18px 0 6px}.meta{color:#555;margin:0 0 10px}
        """ + """
        .reading{color:#333;font-style:italic;margin:4px 0 10px}
        nav{font-size:.92em;margin:8px 0 0}nav a{margin-right:14px}
        img{max-width:100%;height:auto;border:1px solid #eee}.grid{display:flex;flex-wrap:wrap;gap:8px}
        .grid img{width:calc(50% - 6px)}.caption{color:#555;font-size:.9em;margin:2px 0 14px}
        table{border-collapse:collapse;margin:6px 0 4px;font-size:.9em}
        """ + """
        th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
        th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
        """ + """
        .note{color:#555;font-size:.85em;margin:0 0 14px}
        .empty{color:#8a6d00;background:#fff8e1;border-left:4px solid #e0b000;padding:6px 10px}
        .attention{background:#fdecea;border-left:4px solid #c00000;padding:6px 10px 6px 28px}
        .calm{background:#eaf6ea;border-left:4px solid #2e7d32;padding:6px 10px}
        """;

    /// <summary>The report as HTML; <paramref name="image"/> gives each non-empty chart's PNG bytes.</summary>
    public static string Render(ReportDocument document, Func<Chart, byte[]> image)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         // An empty inline icon: otherwise browsers fetch /favicon.ico from wherever the report is opened.
         .Append("<link rel=\"icon\" href=\"data:,\">")
         .Append("<title>").Append(E(document.Title)).Append("</title><style>").Append(Style)
         .Append("</style></head><body>\n");
        h.Append("<h1>").Append(E(document.Title)).Append("</h1>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Window {document.WindowFrom:yyyy-MM-dd HH:mm} .. " +
                 $"{document.WindowTo:yyyy-MM-dd HH:mm} UTC, ")
         .Append(CultureInfo.InvariantCulture, $"compared with {document.PreviousFrom:yyyy-MM-dd HH:mm} .. " +
                 $"{document.WindowFrom:yyyy-MM-dd HH:mm} UTC; ")
         .Append(CultureInfo.InvariantCulture, $"generated {document.GeneratedAt:yyyy-MM-dd HH:mm} UTC.</p>\n");
        h.Append("<nav>");
        foreach (var s in document.Sections)
            h.Append("<a href=\"#").Append(E(s.Id)).Append("\">").Append(E(s.Title)).Append("</a>");
        h.Append("</nav>\n");
        foreach (var section in document.Sections)
        {
            h.Append("<section id=\"").Append(E(section.Id)).Append("\"><h2>").Append(E(section.Title))
             .Append("</h2>\n");
            h.Append("<p class=\"reading\">").Append(E(section.Reading)).Append("</p>\n");
            if (section.IsEmpty)
            {
                h.Append("<p class=\"empty\">").Append(E(section.EmptyNote)).Append("</p></section>\n");
                continue;
            }
            foreach (var block in section.Blocks) Block(h, block, image);
            h.Append("</section>\n");
        }
        h.Append("</body></html>\n");
        return h.ToString();
    }

    /// <summary>One block as an HTML fragment (notebooks display charts and tables with it).</summary>
    public static string Fragment(ReportBlock block, Func<Chart, byte[]> image)
    {
        var h = new StringBuilder();
        Block(h, block, image);
        return h.ToString();
    }

    private static void Block(StringBuilder h, ReportBlock block, Func<Chart, byte[]> image)
    {
        switch (block)
        {
            case ChartBlock c:
                Figure(h, c.Chart, image);
                if (c.Caption is { } caption && !c.Chart.IsEmpty)
                    h.Append("<p class=\"caption\">").Append(E(caption)).Append("</p>\n");
                break;
            case ChartGridBlock g:
                h.Append("<h3>").Append(E(g.Title)).Append("</h3>\n");
                if (g.IsEmpty)
                {
                    h.Append("<p class=\"empty\">No data in the window for this chart.</p>\n");
                    break;
                }
                h.Append("<div class=\"grid\">");
                foreach (var chart in g.Charts) Figure(h, chart, image);
                h.Append("</div>\n");
                if (g.Caption is { } gc) h.Append("<p class=\"caption\">").Append(E(gc)).Append("</p>\n");
                break;
            case TableBlock t:
                Table(h, t.Table);
                break;
            case ListBlock l:
                h.Append("<h3>").Append(E(l.Title)).Append("</h3>\n");
                if (l.Items.Count == 0)
                {
                    if (l.WhenEmpty is { } none) h.Append("<p class=\"calm\">").Append(E(none)).Append("</p>\n");
                    break;
                }
                h.Append(l.Attention ? "<ul class=\"attention\">" : "<ul>");
                foreach (var item in l.Items) h.Append("<li>").Append(E(item)).Append("</li>");
                h.Append("</ul>\n");
                break;
            case TextBlock text:
                h.Append("<p>").Append(E(text.Text)).Append("</p>\n");
                break;
        }
    }

    private static void Figure(StringBuilder h, Chart chart, Func<Chart, byte[]> image)
    {
        if (chart.IsEmpty)
        {
            h.Append("<p class=\"empty\">").Append(E(chart.Title)).Append(": no data in the window.</p>\n");
            return;
        }
        h.Append("<img alt=\"").Append(E(chart.Title)).Append('"')
         .Append(CultureInfo.InvariantCulture, $" width=\"{chart.Width}\" height=\"{chart.Height}\"")
         .Append(" src=\"data:image/png;base64,").Append(Convert.ToBase64String(image(chart))).Append("\">\n");
    }

    private static void Table(StringBuilder h, ReportTable table)
    {
        h.Append("<h3>").Append(E(table.Title)).Append("</h3>\n");
        if (table.Rows.Count == 0)
        {
            h.Append("<p class=\"empty\">No rows in the window.</p>\n");
            return;
        }
        h.Append("<table><thead><tr>");
        foreach (var c in table.Columns) h.Append("<th>").Append(E(c)).Append("</th>");
        h.Append("</tr></thead><tbody>");
        foreach (var row in table.Rows)
        {
            h.Append("<tr>");
            foreach (var cell in row) h.Append("<td>").Append(E(cell)).Append("</td>");
            h.Append("</tr>");
        }
        h.Append("</tbody></table>\n");
        if (table.Note is { } note) h.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
