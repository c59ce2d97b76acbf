using System.Text.Json.Serialization;

namespace MevAnalytics.Reports.Documents;

/// <summary>
/// One section of a report: a title, a one-line reading of what it shows, and its blocks. A section whose blocks hold
/// no data shows <see cref="EmptyNote"/> in words instead of empty axes.
/// </summary>
/// <param name="Id">Anchor (letters, digits, dashes).</param>
/// <param name="Title">Heading.</param>
/// <param name="Reading">How to read the section, one line.</param>
/// <param name="Blocks">Charts, tables, lists, in order.</param>
/// <param name="EmptyNote">What to say when there is nothing to show.</param>
public sealed record ReportSection(
    string Id, string Title, string Reading, IReadOnlyList<ReportBlock> Blocks, string EmptyNote)
{
    /// <summary>True when no block carries data.</summary>
    [JsonIgnore]
    public bool IsEmpty => Blocks.All(b => b.IsEmpty);

    /// <summary>Charts of this section in order.</summary>
    [JsonIgnore]
    public IEnumerable<Charts.Chart> Charts => Blocks.SelectMany(b => b switch
    {
        ChartBlock c => [c.Chart],
        ChartGridBlock g => g.Charts,
        _ => Array.Empty<Charts.Chart>(),
    });
}
