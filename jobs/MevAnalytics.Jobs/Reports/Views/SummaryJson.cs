using System.Globalization;
using System.Text.Json;

namespace MevAnalytics.Jobs.Reports.Views;

/// <summary>Lenient reads of summary JSON written by the jobs (camelCase; non-finite numbers written as strings).</summary>
internal static class SummaryJson
{
    public static double Number(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDouble(),
            JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => double.NaN,
        } : double.NaN;

    public static string Text(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    public static bool Flag(this JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public static JsonElement? Child(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? v : null;

    public static IEnumerable<JsonElement> Items(this JsonElement e, string name) =>
        e.Child(name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    public static double[] Numbers(this JsonElement e, string name) =>
        e.Child(name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray().Select(x => x.GetDouble()).ToArray() : [];
}
