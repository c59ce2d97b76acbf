using System.Globalization;

namespace MevAnalytics.Reports.Documents;

/// <summary>A table of a report, cells already formatted; <paramref name="Note"/> states units or thresholds.</summary>
public sealed record ReportTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows,
    string? Note = null)
{
    /// <summary>
    /// A table with one column per public property of <typeparamref name="T"/> (records, anonymous types) and one row
    /// per item; numbers in invariant culture with up to 6 significant digits. Notebooks show their results with it.
    /// </summary>
    public static ReportTable From<T>(string title, IEnumerable<T> rows, string? note = null)
    {
        var properties = typeof(T).GetProperties().Where(p => p.GetIndexParameters().Length == 0).ToArray();
        return new ReportTable(title, properties.Select(p => p.Name).ToArray(),
            rows.Select(r => (IReadOnlyList<string>)properties.Select(p => Cell(p.GetValue(r))).ToArray()).ToArray(),
            note);
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => double.IsFinite(d) ? d.ToString("G6", CultureInfo.InvariantCulture) : "n/a",
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
