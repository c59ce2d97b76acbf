using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

internal static partial class LutValidator
{
    private static readonly KeyColumn[] LatencyKey =
    [
        new(L.Latency.Route, "route", StringRef: true),
        new(L.Latency.Endpoint, "endpoint", StringRef: true),
    ];

    /// <summary>Kind 6 (spec section 8): sorted by (route, endpoint).</summary>
    private static void ValidateLatency(ReadOnlySpan<byte> s, int rows, uint stringCount) =>
        ValidateKeyed(s, rows, L.Latency.Size, LatencyKey, stringCount, "latency row");
}
