using System.Text.Json.Nodes;
using MevAnalytics.Jobs.Calibration;

namespace MevAnalytics.Integration.Tests.Golden;

/// <summary>A calibration snapshot as what it holds: its metadata, its row count, and per column count, sum, sum of
/// squares, min and max. Not its bytes: weights are sums ClickHouse merges across threads, equal only to the last
/// bits from run to run, which the golden comparison's float tolerance allows and a hash does not.</summary>
public static class GoldenSnapshot
{
    public static async Task<JsonObject> DecodeAsync(string path)
    {
        var columns = await InputColumns.ReadAsync(path, CancellationToken.None);
        var metadata = new JsonObject();
        foreach (var (key, value) in columns.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
            metadata[key] = value;
        var stats = new JsonObject();
        foreach (var name in columns.Names.Order(StringComparer.Ordinal))
        {
            var v = columns.Number(name);
            stats[name] = new JsonObject
            {
                ["sum"] = v.Sum(),
                ["sumOfSquares"] = v.Sum(x => x * x),
                ["min"] = v.Length == 0 ? null : v.Min(),
                ["max"] = v.Length == 0 ? null : v.Max(),
            };
        }
        return new JsonObject { ["rows"] = columns.Rows, ["metadata"] = metadata, ["columns"] = stats };
    }
}
