using System.Text.Json.Serialization;

namespace MevAnalytics.Reports.Charts;

/// <summary>One drawable part of a <see cref="Chart"/>; colours are <c>#rrggbb</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(LineLayer), "line")]
[JsonDerivedType(typeof(IntervalLayer), "interval")]
[JsonDerivedType(typeof(BandLayer), "band")]
[JsonDerivedType(typeof(BarLayer), "bars")]
[JsonDerivedType(typeof(ReferenceLine), "reference")]
public abstract record ChartLayer(string Name, string Color)
{
    /// <summary>Data points this layer draws (0 for a reference line).</summary>
    [JsonIgnore]
    public abstract int PointCount { get; }
}

/// <summary>Points joined by a line; <paramref name="Markers"/> so a single point stays visible.</summary>
public sealed record LineLayer(
    string Name, string Color, double[] X, double[] Y, bool Markers = true, bool Dashed = false,
    bool Line = true) : ChartLayer(Name, Color)
{
    public override int PointCount => X.Length;
}

/// <summary>Points with a vertical interval each (e.g. a posterior mean and its 90% interval).</summary>
public sealed record IntervalLayer(string Name, string Color, double[] X, double[] Y, double[] Lower, double[] Upper)
    : ChartLayer(Name, Color)
{
    public override int PointCount => X.Length;
}

/// <summary>A shaded band between two curves (e.g. a confidence band).</summary>
public sealed record BandLayer(
    string Name, string Color, double[] X, double[] Lower, double[] Upper) : ChartLayer(Name, Color)
{
    public override int PointCount => X.Length;
}

/// <summary>Bars at x positions of the given width.</summary>
public sealed record BarLayer(string Name, string Color, double[] X, double[] Y, double Width) : ChartLayer(Name, Color)
{
    public override int PointCount => X.Length;
}

/// <summary>A labelled horizontal (<paramref name="Horizontal"/>) or vertical line, e.g. an SLO target or a
/// cut-off.</summary>
public sealed record ReferenceLine(string Name, string Color, double Value, bool Horizontal) : ChartLayer(Name, Color)
{
    public override int PointCount => 0;
}
