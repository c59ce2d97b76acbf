namespace MevAnalytics.Lut;

/// <summary>A table's bytes back as the content they encode (allocates): every record of every known section, and
/// each curve's knots (a format-1 curve without knots: its grid points). Writing the result again gives a format-2
/// table that answers every lookup the same, or the same table in format 1.</summary>
public static class LutDecoder
{
    /// <summary>The content of <paramref name="reader"/>'s table.</summary>
    public static LutContent Content(LutReader reader)
    {
        var segments = new List<CalibrationSegment>(reader.SegmentCount);
        for (int i = 0; i < reader.SegmentCount; i++)
        {
            var c = reader.SegmentAt(i);
            // A format-1 table may hold only its grid: then the grid's points are the curve it answered with.
            bool onGrid = c.HasCurve && c.KnotCount < 2;
            var knots = new CalibrationKnot[!c.HasCurve ? 0 : onGrid ? c.GridCount : c.KnotCount];
            for (int k = 0; k < knots.Length; k++)
                knots[k] = onGrid ? new CalibrationKnot(c.Breakpoint(k), c.GridValue(k)) : c.Knot(k);
            segments.Add(new CalibrationSegment(c.Key, c.ParentIndex < 0 ? null : reader.SegmentAt(c.ParentIndex).Key,
                c.SampleCount, knots));
        }
        var arms = new List<BanditArm>(reader.ArmCount);
        for (int i = 0; i < reader.ArmCount; i++)
        {
            var a = reader.ArmAt(i);
            arms.Add(new BanditArm(a.Route, a.ArmIndex, a.LeaderGroup, a.Alpha, a.Beta, a.DecayedPulls, a.DecayedLands,
                a.PayoffMean, a.PayoffVariance, a.TipLamports, a.LastUpdatedUnixMs));
        }
        var latency = new List<LatencyQuantiles>(reader.LatencyCount);
        for (int i = 0; i < reader.LatencyCount; i++)
        {
            var l = reader.LatencyAt(i);
            latency.Add(new LatencyQuantiles(l.Route, l.Endpoint, l.Count, l.ErrorRate, l.P50Ms, l.P90Ms, l.P99Ms,
                l.P999Ms));
        }
        var phases = new List<PhaseOffset>(reader.PhaseCount);
        for (int i = 0; i < reader.PhaseCount; i++)
        {
            var p = reader.PhaseAt(i);
            phases.Add(new PhaseOffset(p.Leader, p.SampleCount, p.OptimalOffsetMs, p.SpreadMs, p.KalmanInitialState,
                p.KalmanInitialVariance, p.ProcessNoise, p.MeasurementNoise));
        }
        var hedges = new List<RouteHedge>(reader.RouteHedgeCount);
        for (int i = 0; i < reader.RouteHedgeCount; i++)
        {
            var h = reader.RouteHedgeAt(i);
            hedges.Add(new RouteHedge(h.Route, h.SloBreaches, h.HedgeDelayMs, h.HedgeFireRate, h.Count));
        }
        return new LutContent(reader.ReadHeader())
        {
            Calibration = segments,
            Arms = arms,
            Latency = latency,
            Phases = phases,
            Hedges = hedges,
        };
    }
}
