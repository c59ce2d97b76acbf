using MevAnalytics.Lut.Format;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

public static partial class LutWriter
{
    /// <summary>Kind 8: one record per route, sorted (spec section 10).</summary>
    private static Section Hedges(IReadOnlyList<RouteHedge> rows, StringTableBuilder strings)
    {
        foreach (var h in rows)
            if (h.Count < 0)
                throw new ArgumentException($"route hedge '{h.Route}': Count {h.Count} is negative", nameof(rows));
        return Records(LutSectionKind.RouteHedges, L.RouteHedge.Size, rows,
            h => (strings.Id(h.Route), 0u, 0u),
            h => $"route hedge '{h.Route}'",
            (h, r) =>
            {
                LutBytes.WriteU32(r, L.RouteHedge.Route, strings.Id(h.Route));
                LutBytes.WriteU32(r, L.RouteHedge.SloBreaches, h.SloBreaches);
                LutBytes.WriteF64(r, L.RouteHedge.HedgeDelay, h.HedgeDelayMs);
                LutBytes.WriteF64(r, L.RouteHedge.HedgeFireRate, h.HedgeFireRate);
                LutBytes.WriteU64(r, L.RouteHedge.Count, (ulong)h.Count);
            });
    }
}
