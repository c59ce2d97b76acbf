using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

internal static partial class LutValidator
{
    private static readonly KeyColumn[] HedgeKey = [new(L.RouteHedge.Route, "route", StringRef: true)];

    /// <summary>Kind 8 (spec section 10): sorted by route.</summary>
    private static void ValidateHedges(ReadOnlySpan<byte> s, int rows, uint stringCount) =>
        ValidateKeyed(s, rows, L.RouteHedge.Size, HedgeKey, stringCount, "route hedge row");
}
