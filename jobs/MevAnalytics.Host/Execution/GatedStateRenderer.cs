using System.Net;
using Hangfire.Dashboard;

namespace MevAnalytics.Host.Execution;

/// <summary>Dashboard look of <see cref="GatedState"/>, Gated and Unavailable (amber, with the reason), its page in
/// the Jobs menu (<see cref="GatedJobsPage"/>) and the dashboard's link to the reports.</summary>
public static class GatedStateRenderer
{
    private static int _registered;

    /// <summary>Registers once per process: Hangfire's renderers and navigation menu are static.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        JobHistoryRenderer.AddStateCssSuffix(GatedState.StateName, "warning"); // amber, like a job in progress
        JobHistoryRenderer.Register(GatedState.StateName, (_, data) => new NonEscapedString(
            "<dl class=\"dl-horizontal\"><dt>Gate reason:</dt><dd>" +
            WebUtility.HtmlEncode(data.TryGetValue("GateReason", out var reason) ? reason : "(none recorded)") +
            "</dd><dt>Meaning:</dt><dd>the new table was refused; the current one stays published.</dd></dl>"));
        JobHistoryRenderer.AddStateCssSuffix(GatedState.UnavailableStateName, "warning");
        JobHistoryRenderer.Register(GatedState.UnavailableStateName, (_, data) => new NonEscapedString(
            "<dl class=\"dl-horizontal\"><dt>Not available:</dt><dd>" +
            WebUtility.HtmlEncode(data.TryGetValue("GateReason", out var reason) ? reason : "(none recorded)") +
            "</dd><dt>Meaning:</dt><dd>the configured source lacks a column this job needs (docs/sources.md); " +
            "nothing was published.</dd></dl>"));
        NavigationMenu.Items.Add(_ => new MenuItem("Reports", "/reports") { Active = false });
        DashboardRoutes.Routes.AddRazorPage(GatedJobsPage.Path, _ => new GatedJobsPage());
        JobsSidebarMenu.Items.Add(page => new MenuItem("Gated", page.Url.To(GatedJobsPage.Path))
        {
            Active = page.RequestPath.StartsWith(GatedJobsPage.Path, StringComparison.Ordinal),
        });
    }
}
