using System.Text;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>Zero-copy view of one route hedge record (kind 8): what the hedged sender reads per route.</summary>
public readonly ref struct RouteHedgeView : ILutRecordView<RouteHedgeView>
{
    private readonly ReadOnlySpan<byte> _r;

    internal RouteHedgeView(ReadOnlySpan<byte> record, ReadOnlySpan<byte> route)
    {
        _r = record;
        RouteUtf8 = route;
    }

    static int ILutRecordView<RouteHedgeView>.Size => L.RouteHedge.Size;

    static RouteHedgeView ILutRecordView<RouteHedgeView>.Create(ReadOnlySpan<byte> record,
        ReadOnlySpan<byte> strings) => new(record, LutLookup.StringAt(strings, (int)U32(record, L.RouteHedge.Route)));

    /// <summary>Route key (UTF-8).</summary>
    public ReadOnlySpan<byte> RouteUtf8 { get; }

    /// <summary>Route key (allocates).</summary>
    public string Route => Encoding.UTF8.GetString(RouteUtf8);

    /// <summary>Failed SLO checks, bit flags: 1 p50, 2 p90, 4 p99, 8 p99.9, 16 error rate; 0 = within SLO.</summary>
    public uint SloBreaches => U32(_r, L.RouteHedge.SloBreaches);

    /// <summary>True when any SLO check failed.</summary>
    public bool SloBreached => SloBreaches != 0;

    /// <summary>Suggested hedge delay after the first send, ms.</summary>
    public double HedgeDelayMs => F64(_r, L.RouteHedge.HedgeDelay);

    /// <summary>Expected fraction of sends that fire the hedge, in [0, 1].</summary>
    public double HedgeFireRate => F64(_r, L.RouteHedge.HedgeFireRate);

    /// <summary>Latency samples behind the suggestion.</summary>
    public long Count => (long)U64(_r, L.RouteHedge.Count);
}
