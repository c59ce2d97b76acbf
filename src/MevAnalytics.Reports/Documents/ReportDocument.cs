namespace MevAnalytics.Reports.Documents;

/// <summary>
/// A trend report: the window it covers (and the previous window of the same length it is compared with) and its
/// sections. Pure data; <see cref="ReportHtml"/> and <see cref="ReportMarkdown"/> render it.
/// </summary>
public sealed record ReportDocument(
    string Title,
    DateTime GeneratedAt,
    DateTime WindowFrom,
    DateTime WindowTo,
    IReadOnlyList<ReportSection> Sections)
{
    /// <summary>Start of the previous window (same length, ending where this one starts).</summary>
    public DateTime PreviousFrom => WindowFrom - (WindowTo - WindowFrom);

    /// <summary>Every chart of every section, in document order.</summary>
    public IEnumerable<Charts.Chart> Charts => Sections.SelectMany(s => s.Charts);
}
