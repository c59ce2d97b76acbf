using MevAnalytics.Jobs.Reports.Sections;
using MevAnalytics.Reports.Charts;
using MevAnalytics.Reports.Documents;

namespace MevAnalytics.Jobs.Reports;

/// <summary>Builds the trend report from its inputs (pure): six sections, one colour per route in every
/// chart.</summary>
public static class TrendReport
{
    public const string Title = "MevAnalytics trend report";

    public static ReportDocument Compose(ReportInputs input)
    {
        var palette = new RoutePalette(input.RouteNames);
        return new ReportDocument(Title, input.Now, input.Window.From, input.Window.To,
        [
            HeadlineSection.Build(input, palette),
            CalibrationSection.Build(input, palette),
            BanditSection.Build(input, palette),
            LatencySection.Build(input, palette),
            PhaseSection.Build(input, palette),
            RunsSection.Build(input),
        ]);
    }
}
