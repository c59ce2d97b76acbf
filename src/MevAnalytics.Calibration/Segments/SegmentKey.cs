namespace MevAnalytics.Calibration.Segments;

/// <summary>
/// A node of the segment tree: global "*", a route, or a route x tip arm. Text form "*", "route", "route/arm".
/// </summary>
/// <param name="Route">Route name, null for the global segment.</param>
/// <param name="Arm">Tip arm name, null for the global and route segments.</param>
public readonly record struct SegmentKey(string? Route, string? Arm)
{
    /// <summary>The global segment "*".</summary>
    public static SegmentKey Global => default;

    /// <summary>Route segment.</summary>
    public static SegmentKey ForRoute(string route) => new(CheckName(route, "route"), null);

    /// <summary>Route x arm segment.</summary>
    public static SegmentKey ForRouteArm(string route, string arm) =>
        new(CheckName(route, "route"), CheckName(arm, "arm"));

    /// <summary>0 global, 1 route, 2 route x arm.</summary>
    public int Depth => Route is null ? 0 : Arm is null ? 1 : 2;

    /// <summary>The parent segment, null for the global one.</summary>
    public SegmentKey? Parent => Depth switch { 0 => null, 1 => Global, _ => new SegmentKey(Route, null) };

    /// <inheritdoc />
    public override string ToString() => Route is null ? "*" : Arm is null ? Route : $"{Route}/{Arm}";

    private static string CheckName(string name, string column)
    {
        if (string.IsNullOrEmpty(name) || name == "*" || name.Contains('/'))
            throw new ArgumentException(
                $"Column '{column}' has an invalid segment name '{name}': it must be non-empty, not '*', without '/'.",
                column);
        return name;
    }
}
