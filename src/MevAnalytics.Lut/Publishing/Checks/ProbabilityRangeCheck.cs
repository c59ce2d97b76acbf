namespace MevAnalytics.Lut;

/// <summary>Probabilities lie in [0, 1]: the score axis (grid range, knot x) and the values (grid, knot y) of
/// probability segments, latency error rates.</summary>
/// <param name="isProbabilitySegment">Which calibration segments hold probabilities; default all. A table may also
/// carry value curves (e.g. EV in SOL under <c>ev:</c> keys) that this range does not apply to.</param>
public sealed class ProbabilityRangeCheck(Func<string, bool>? isProbabilitySegment = null) : ILutGateCheck
{
    /// <inheritdoc/>
    public string Name => "probability-range";

    private static bool InRange(double p) => p >= 0 && p <= 1;

    /// <inheritdoc/>
    public LutCheckResult Check(LutFile candidate, LutFile? current)
    {
        var r = candidate.Reader;
        for (int s = 0; s < r.SegmentCount; s++)
        {
            var c = r.SegmentAt(s);
            if (isProbabilitySegment is not null && !isProbabilitySegment(c.Key)) continue;
            // The score axis is a probability too: a grid stretched past [0, 1] by one bad score would squeeze every
            // real score into its first cell while the values themselves still look healthy.
            if (!InRange(c.XMin) || !InRange(c.XMax))
                return LutCheckResult.Fail($"segment '{c.Key}': score grid [{c.XMin}, {c.XMax}] is not within [0, 1]");
            for (int k = 0; k < c.KnotCount; k++)
                if (!InRange(c.Knot(k).X))
                    return LutCheckResult.Fail($"segment '{c.Key}': knot {k} score x={c.Knot(k).X} is outside [0, 1]");
            for (int k = 0; k < c.KnotCount; k++)
                if (!InRange(c.Knot(k).Y))
                    return LutCheckResult.Fail($"segment '{c.Key}': knot {k} y={c.Knot(k).Y} is outside [0, 1]");
            for (int g = 0; g < c.GridCount; g++)
                if (!InRange(c.GridValue(g)))
                    return LutCheckResult.Fail($"segment '{c.Key}': grid {g} = {c.GridValue(g)} is outside [0, 1]");
        }
        for (int i = 0; i < r.LatencyCount; i++)
        {
            var l = r.LatencyAt(i);
            if (!InRange(l.ErrorRate))
                return LutCheckResult.Fail(
                    $"latency '{l.Route}'/'{l.Endpoint}': error rate {l.ErrorRate} is outside [0, 1]");
        }
        return LutCheckResult.Pass();
    }
}
