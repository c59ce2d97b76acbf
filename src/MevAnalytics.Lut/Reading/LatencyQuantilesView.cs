using System.Text;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>Zero-copy view of one latency record.</summary>
public readonly ref struct LatencyQuantilesView : ILutRecordView<LatencyQuantilesView>
{
    private readonly ReadOnlySpan<byte> _r;

    internal LatencyQuantilesView(ReadOnlySpan<byte> record, ReadOnlySpan<byte> route, ReadOnlySpan<byte> endpoint)
    {
        _r = record;
        RouteUtf8 = route;
        EndpointUtf8 = endpoint;
    }

    static int ILutRecordView<LatencyQuantilesView>.Size => L.Latency.Size;

    static LatencyQuantilesView ILutRecordView<LatencyQuantilesView>.Create(ReadOnlySpan<byte> record,
        ReadOnlySpan<byte> strings) =>
        new(record, LutLookup.StringAt(strings, (int)U32(record, L.Latency.Route)),
            LutLookup.StringAt(strings, (int)U32(record, L.Latency.Endpoint)));

    /// <summary>Route key (UTF-8).</summary>
    public ReadOnlySpan<byte> RouteUtf8 { get; }

    /// <summary>Endpoint key (UTF-8).</summary>
    public ReadOnlySpan<byte> EndpointUtf8 { get; }

    /// <summary>Route key (allocates).</summary>
    public string Route => Encoding.UTF8.GetString(RouteUtf8);

    /// <summary>Endpoint key (allocates).</summary>
    public string Endpoint => Encoding.UTF8.GetString(EndpointUtf8);

    /// <summary>Observations.</summary>
    public long Count => (long)U64(_r, L.Latency.Count);

    /// <summary>Share of failed sends, in [0, 1].</summary>
    public double ErrorRate => F64(_r, L.Latency.ErrorRate);

    /// <summary>Median latency, ms.</summary>
    public double P50Ms => F64(_r, L.Latency.P50);

    /// <summary>90th percentile, ms.</summary>
    public double P90Ms => F64(_r, L.Latency.P90);

    /// <summary>99th percentile, ms.</summary>
    public double P99Ms => F64(_r, L.Latency.P99);

    /// <summary>99.9th percentile, ms.</summary>
    public double P999Ms => F64(_r, L.Latency.P999);
}
