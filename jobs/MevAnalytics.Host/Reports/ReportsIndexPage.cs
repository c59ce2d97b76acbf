using System.Globalization;
using System.Net;
using System.Text;
using MevAnalytics.Jobs.Reports;
using MevAnalytics.Jobs.Running;

namespace MevAnalytics.Host.Reports;

/// <summary>The <c>/reports</c> page (pure HTML, no script): current table of every LUT, recent gated and failed runs,
/// and the reports.</summary>
public static class ReportsIndexPage
{
    public static string Render(IReadOnlyList<ReportEntry> reports, IReadOnlyList<TableStatus> tables,
        IReadOnlyList<JobRunRow>? runs, DateTime now)
    {
        var h = new StringBuilder();
        h.Append("""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>MevAnalytics reports</title>
            <link rel="icon" href="data:,"><style>
            body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1100px;margin:0 auto;
            padding:0 18px 30px;color:#222}
            table{border-collapse:collapse;margin:6px 0 18px;font-size:.92em}
            th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}
            th{background:#f3f3f3}.stale{color:#c00000;font-weight:bold}.gated{color:#8a6d00;font-weight:bold}
            .failed{color:#c00000;font-weight:bold}
            </style></head><body><h1>MevAnalytics reports</h1>
            <p><a href="/hangfire">Jobs dashboard</a> · <a href="/reports/latest">Latest report</a> ·
            <a href="/metrics">Metrics</a></p>
            """);
        h.Append("<h2 id=\"tables\">Current tables</h2>");
        if (tables.Count == 0) h.Append("<p>No table has been published yet.</p>");
        else
        {
            h.Append("<table><tr><th>table</th><th>version</th><th>age</th><th>allowed age (schedule)</th>" +
                "<th>state</th><th>rows used</th><th>headline</th></tr>");
            foreach (var t in tables)
            {
                h.Append("<tr><td>").Append(E(t.Table)).Append("</td><td>")
                 .Append(t.Version is { } v ? "v" + v : "-").Append("</td><td>")
                 .Append(Age(t.AgeSeconds)).Append("</td><td>")
                 .Append(t.MaxAgeSeconds is { } max ? Age(max) : "not scheduled here").Append("</td><td>")
                 .Append(t.Error is { } err ? "<span class=\"stale\">unreadable: " + E(err) + "</span>"
                     : t.Stale ? "<span class=\"stale\">stale</span>" : "current")
                 .Append("</td><td>")
                 .Append(t.RowsUsed is { } rows ? rows.ToString("N0", CultureInfo.InvariantCulture) : "-")
                 .Append("</td><td>")
                 .AppendJoin("<br>", t.Headline.Select(x => E($"{x.Name}: {x.Value}"))).Append("</td></tr>");
            }
            h.Append("</table>");
        }
        h.Append("<h2 id=\"gated\">Gated and failed runs (last 7 days)</h2>");
        var flagged = runs?.Where(r => r.Status == JobOutcome.NameOf(JobStatus.Gated)
            || r.Status == JobOutcome.NameOf(JobStatus.Failed)).Take(50).ToArray();
        if (flagged is null)
            h.Append("<p class=\"failed\">job_runs could not be read (ClickHouse did not answer).</p>");
        else if (flagged.Length == 0) h.Append("<p>None: every run published or completed.</p>");
        else
        {
            h.Append("<table><tr><th>job</th><th>started (UTC)</th><th>status</th><th>reason</th></tr>");
            foreach (var r in flagged)
                h.Append("<tr><td>").Append(E(r.Job)).Append("</td><td>")
                 .Append(r.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
                 .Append("</td><td class=\"").Append(r.Status).Append("\">").Append(E(r.Status)).Append("</td><td>")
                 .Append(E(r.Error)).Append("</td></tr>");
            h.Append("</table>");
        }
        h.Append("<h2 id=\"reports\">Reports (newest first)</h2>");
        if (reports.Count == 0) h.Append("<p>No report yet: the <code>report</code> job writes one.</p>");
        else
        {
            h.Append("<ul>");
            foreach (var r in reports)
                h.Append("<li><a href=\"").Append(E(r.Url)).Append("\">")
                 .Append(r.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
                 .Append(" UTC</a> (").Append((r.HtmlBytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture))
                 .Append(" KiB)</li>");
            h.Append("</ul>");
        }
        h.Append(CultureInfo.InvariantCulture,
            $"<p style=\"color:#777\">Page generated {now:yyyy-MM-dd HH:mm:ss} UTC.</p></body></html>");
        return h.ToString();
    }

    private static string Age(double? seconds) => seconds is not { } s ? "-"
        : s >= 172800 ? $"{s / 86400:0.0} d"
        : s >= 5400 ? $"{s / 3600:0.0} h"
        : $"{s / 60:0} min";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
