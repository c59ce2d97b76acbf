namespace MevAnalytics.Reports.Documents;

/// <summary>A table of a report, cells already formatted; <paramref name="Note"/> states units or thresholds.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows,
    string? Note = null);
