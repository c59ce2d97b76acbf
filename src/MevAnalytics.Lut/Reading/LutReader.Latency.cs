namespace MevAnalytics.Lut;

public readonly ref partial struct LutReader
{
    private LutRecords<LatencyQuantilesView> LatencyRows => new(_latency, _strings);

    /// <summary>Latency rows in the file (kind 6).</summary>
    public int LatencyCount => LatencyRows.Count;

    /// <summary>Latency row i.</summary>
    public LatencyQuantilesView LatencyAt(int index) => LatencyRows.At(index);

    /// <summary>Exact (route, endpoint) lookup.</summary>
    public bool TryGetLatency(ReadOnlySpan<char> route, ReadOnlySpan<char> endpoint, out LatencyQuantilesView view)
    {
        int routeId = FindString(route);
        int endpointId = routeId < 0 ? -1 : FindString(endpoint);
        int row = endpointId < 0 ? -1 : LatencyRows.Find((uint)routeId, (uint)endpointId);
        view = row < 0 ? default : LatencyRows.At(row);
        return row >= 0;
    }

    /// <summary>Exact (route, endpoint) lookup.</summary>
    /// <exception cref="KeyNotFoundException">No such row.</exception>
    public LatencyQuantilesView Latency(ReadOnlySpan<char> route, ReadOnlySpan<char> endpoint) =>
        TryGetLatency(route, endpoint, out var v) ? v : throw NotFound("latency", $"{route}/{endpoint}");
}
