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

    /// <summary>Why <paramref name="name"/> cannot be a route or arm segment name, or null when it can: it must be
    /// non-empty, not <c>*</c>, without <c>/</c> (the key separator), valid UTF-8 (a decoder turns invalid bytes into
    /// U+FFFD, so that character is refused too) and without control characters.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "an empty name";
        if (name == "*") return "the name '*' (the global segment's)";
        if (name.Contains('/')) return "a '/' in the name (the segment key separator)";
        if (name.Contains('\uFFFD')) return "a name that is not valid UTF-8";
        return name.Any(char.IsControl) ? "a control character in the name" : null;
    }

    /// <summary><paramref name="name"/> quoted for an error message, every character outside printable ASCII as
    /// <c>\uXXXX</c> (so a bad name is shown, not rendered).</summary>
    public static string Quote(string name)
    {
        var b = new System.Text.StringBuilder(name.Length + 2).Append('\'');
        foreach (var c in name.Length > 80 ? name[..80] : name)
            b.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
        return b.Append(name.Length > 80 ? "…'" : "'").ToString();
    }

    private static string CheckName(string name, string column)
    {
        if (NameProblem(name) is { } problem)
            throw new ArgumentException($"Column '{column}' has an invalid segment name {Quote(name)}: {problem}.",
                column);
        return name;
    }
}
