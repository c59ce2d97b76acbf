using MevAnalytics.Lut.Format;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

public static partial class LutWriter
{
    /// <summary>Kind 6: one record per (route, endpoint), sorted (spec section 8).</summary>
    private static Section Latency(IReadOnlyList<LatencyQuantiles> rows, StringTableBuilder strings)
    {
        foreach (var r in rows)
            if (r.Count < 0)
                throw new ArgumentException(
                    $"latency route '{r.Route}' endpoint '{r.Endpoint}': Count {r.Count} is negative", nameof(rows));
        return Records(LutSectionKind.LatencyQuantiles, L.Latency.Size, rows,
            r => (strings.Id(r.Route), strings.Id(r.Endpoint), 0u),
            r => $"latency route '{r.Route}' endpoint '{r.Endpoint}'",
            (l, r) =>
            {
                LutBytes.WriteU32(r, L.Latency.Route, strings.Id(l.Route));
                LutBytes.WriteU32(r, L.Latency.Endpoint, strings.Id(l.Endpoint));
                LutBytes.WriteU64(r, L.Latency.Count, (ulong)l.Count);
                LutBytes.WriteF64(r, L.Latency.ErrorRate, l.ErrorRate);
                LutBytes.WriteF64(r, L.Latency.P50, l.P50Ms);
                LutBytes.WriteF64(r, L.Latency.P90, l.P90Ms);
                LutBytes.WriteF64(r, L.Latency.P99, l.P99Ms);
                LutBytes.WriteF64(r, L.Latency.P999, l.P999Ms);
            });
    }
}
