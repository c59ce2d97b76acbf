namespace MevAnalytics.Lut;

public readonly ref partial struct LutReader
{
    private LutRecords<RouteHedgeView> HedgeRows => new(_hedges, _strings);

    /// <summary>Route hedge rows in the file (kind 8; 0 when the section is absent).</summary>
    public int RouteHedgeCount => HedgeRows.Count;

    /// <summary>Route hedge row i.</summary>
    public RouteHedgeView RouteHedgeAt(int index) => HedgeRows.At(index);

    /// <summary>Exact route lookup; no fallback (a route without a row has no hedge suggestion).</summary>
    public bool TryGetRouteHedge(ReadOnlySpan<char> route, out RouteHedgeView view)
    {
        int id = FindString(route);
        int row = id < 0 ? -1 : HedgeRows.Find((uint)id);
        view = row < 0 ? default : HedgeRows.At(row);
        return row >= 0;
    }

    /// <summary>Exact route lookup.</summary>
    /// <exception cref="KeyNotFoundException">No row for the route.</exception>
    public RouteHedgeView RouteHedge(ReadOnlySpan<char> route) =>
        TryGetRouteHedge(route, out var v) ? v : throw NotFound("route hedge", route);
}
