using System.Text.Json.Serialization;
using MevAnalytics.Reports.Charts;

namespace MevAnalytics.Reports.Documents;

/// <summary>A part of a report section.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ChartBlock), "chart")]
[JsonDerivedType(typeof(ChartGridBlock), "grid")]
[JsonDerivedType(typeof(TableBlock), "table")]
[JsonDerivedType(typeof(ListBlock), "list")]
[JsonDerivedType(typeof(TextBlock), "text")]
public abstract record ReportBlock
{
    /// <summary>True when the block has nothing to show.</summary>
    [JsonIgnore]
    public abstract bool IsEmpty { get; }
}

/// <summary>One chart with an optional caption.</summary>
public sealed record ChartBlock(Chart Chart, string? Caption = null) : ReportBlock
{
    public override bool IsEmpty => Chart.IsEmpty;
}

/// <summary>Small multiples: charts of the same kind side by side (e.g. one per route).</summary>
public sealed record ChartGridBlock(string Title, IReadOnlyList<Chart> Charts, string? Caption = null) : ReportBlock
{
    public override bool IsEmpty => Charts.All(c => c.IsEmpty);
}

/// <summary>A table.</summary>
public sealed record TableBlock(ReportTable Table) : ReportBlock
{
    public override bool IsEmpty => Table.Rows.Count == 0;
}

/// <summary>A titled list; <paramref name="Attention"/> lists are highlighted.</summary>
public sealed record ListBlock(
    string Title, IReadOnlyList<string> Items, bool Attention = false, string? WhenEmpty = null) : ReportBlock
{
    // An attention list with nothing in it still says so: "nothing needs attention" is a finding.
    public override bool IsEmpty => Items.Count == 0 && WhenEmpty is null;
}

/// <summary>A paragraph.</summary>
public sealed record TextBlock(string Text) : ReportBlock
{
    public override bool IsEmpty => false;
}
