namespace MevAnalytics.Reports.Charts;

/// <summary>
/// One colour per name (route, estimator), the same in every chart of a report: names are sorted once and take the
/// colourblind-friendly palette in order.
/// </summary>
public sealed class RoutePalette
{
    /// <summary>Okabe-Ito colours (black moved last, yellow darkened to read on white) followed by a few distinct
    /// extras.</summary>
    private static readonly string[] Colors =
    [
        "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#9a8a00", "#000000",
        "#7f7f7f", "#8c564b", "#17becf", "#bcbd22",
    ];

    private readonly Dictionary<string, string> _byName;

    public RoutePalette(IEnumerable<string> names)
    {
        _byName = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select((n, i) => (n, Colors[i % Colors.Length]))
            .ToDictionary(t => t.n, t => t.Item2, StringComparer.Ordinal);
    }

    /// <summary>Neutral colour for totals and global curves.</summary>
    public const string Neutral = "#333333";

    /// <summary>Colour of reference lines (targets, cut-offs).</summary>
    public const string Reference = "#c00000";

    /// <summary>Names in palette order.</summary>
    public IReadOnlyList<string> Names => _byName.Keys.ToArray();

    /// <summary>The colour of <paramref name="name"/>; names not known when the palette was built get the neutral
    /// colour.</summary>
    public string this[string name] => _byName.TryGetValue(name, out var c) ? c : Neutral;

    /// <summary>The i-th palette colour, for series that are not routes (estimators, before/after).</summary>
    public static string Nth(int i) => Colors[i % Colors.Length];
}
