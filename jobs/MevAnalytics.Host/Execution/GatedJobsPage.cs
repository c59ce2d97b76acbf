using System.Globalization;
using System.Net;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Hangfire.Storage;

namespace MevAnalytics.Host.Execution;

/// <summary>
/// <c>/hangfire/jobs/gated</c>, "Gated" in the dashboard's Jobs menu: the runs that published nothing by design
/// (gated, or unavailable for the configured source), newest first, each with its reason and a link to the job.
/// </summary>
public sealed class GatedJobsPage : RazorPage
{
    /// <summary>Path under the dashboard.</summary>
    public const string Path = "/jobs/gated";

    private const int PageSize = 50;

    public override void Execute()
    {
        Layout = new LayoutPage("Gated");
        var monitoring = Storage.GetMonitoringApi();
        List<string> ids;
        using (var connection = Storage.GetConnection())
            ids = connection is JobStorageConnection list ? list.GetRangeFromList(GatedJobList.Key, 0, PageSize - 1)
                : [];
        WriteLiteral("<div class=\"row\"><div class=\"col-md-3\">");
        Write(Html.JobsSidebar());
        WriteLiteral("</div><div class=\"col-md-9\"><h1 id=\"page-title\" class=\"page-header\">Gated</h1>");
        WriteLiteral("<p>Runs that published nothing by design: the gate refused the new table (the current one " +
                     "stays) or the configured source lacks a column the job needs. Newest first.</p>");
        var rows = ids.Select(id => (Id: id, Details: monitoring.JobDetails(id)))
            .Where(j => j.Details?.History is { Count: > 0 } h
                        && h[0].StateName is GatedState.StateName or GatedState.UnavailableStateName)
            .ToList();
        if (rows.Count == 0)
        {
            WriteLiteral("<div class=\"alert alert-info\">No gated runs.</div></div></div>");
            return;
        }
        WriteLiteral("<div class=\"table-responsive\"><table class=\"table\"><thead><tr><th>Id</th><th>Job</th>" +
                     "<th>State</th><th>Reason</th><th>At (UTC)</th></tr></thead><tbody>");
        foreach (var (id, details) in rows)
        {
            var state = details!.History[0];
            WriteLiteral($"<tr class=\"gated-job\"><td><a href=\"{WebUtility.HtmlEncode(Url.JobDetails(id))}\">#" +
                         $"{WebUtility.HtmlEncode(id)}</a></td><td>");
            Write(Html.JobName(details.Job));
            WriteLiteral($"</td><td>{WebUtility.HtmlEncode(state.StateName)}</td><td class=\"gate-reason\">" +
                         WebUtility.HtmlEncode(state.Data.TryGetValue("GateReason", out var r) ? r : "") +
                         "</td><td>" +
                         state.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) +
                         "</td></tr>");
        }
        WriteLiteral("</tbody></table></div></div></div>");
    }
}
