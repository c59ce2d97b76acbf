namespace MevAnalytics.Lut;

/// <summary>No NaN or infinity in any float field of any known section.</summary>
public sealed class FiniteValuesCheck : ILutGateCheck
{
    /// <inheritdoc/>
    public string Name => "finite";

    /// <inheritdoc/>
    public LutCheckResult Check(LutFile candidate, LutFile? current)
    {
        var r = candidate.Reader;
        for (int s = 0; s < r.SegmentCount; s++)
        {
            var c = r.SegmentAt(s);
            if (!c.HasCurve) continue; // fallback-only segments carry no values that are ever read
            if (Bad(c.XMin) || Bad(c.XMax) || Bad(c.Scale)) return Fail($"segment '{c.Key}'", "x_min/x_max/scale");
            for (int k = 0; k < c.KnotCount; k++)
                if (Bad(c.Knot(k).X) || Bad(c.Knot(k).Y) || (c.GridCount == 0 && Bad(c.Slope(k))))
                    return Fail($"segment '{c.Key}'", $"knot {k}");
            for (int g = 0; g < c.GridCount; g++)
                if (Bad(c.GridValue(g))) return Fail($"segment '{c.Key}'", $"grid {g}");
        }
        for (int i = 0; i < r.ArmCount; i++)
        {
            var a = r.ArmAt(i);
            ReadOnlySpan<double> v = [a.Alpha, a.Beta, a.DecayedPulls, a.DecayedLands, a.PayoffMean, a.PayoffVariance];
            int bad = IndexOfBad(v);
            if (bad >= 0) return Fail($"arm '{a.Route}'/{a.ArmIndex}/{a.LeaderGroup ?? "-"}", ArmFields[bad]);
        }
        for (int i = 0; i < r.LatencyCount; i++)
        {
            var l = r.LatencyAt(i);
            int bad = IndexOfBad([l.ErrorRate, l.P50Ms, l.P90Ms, l.P99Ms, l.P999Ms]);
            if (bad >= 0) return Fail($"latency '{l.Route}'/'{l.Endpoint}'", LatencyFields[bad]);
        }
        for (int i = 0; i < r.PhaseCount; i++)
        {
            var p = r.PhaseAt(i);
            int bad = IndexOfBad([p.OptimalOffsetMs, p.SpreadMs, p.KalmanInitialState, p.KalmanInitialVariance,
                p.ProcessNoise, p.MeasurementNoise]);
            if (bad >= 0) return Fail($"phase '{p.Leader}'", PhaseFields[bad]);
        }
        for (int i = 0; i < r.RouteHedgeCount; i++)
        {
            var h = r.RouteHedgeAt(i);
            if (Bad(h.HedgeDelayMs)) return Fail($"route hedge '{h.Route}'", "hedge_delay_ms");
            if (Bad(h.HedgeFireRate)) return Fail($"route hedge '{h.Route}'", "hedge_fire_rate");
        }
        return LutCheckResult.Pass();
    }

    private static readonly string[] ArmFields =
        ["alpha", "beta", "decayed_pulls", "decayed_lands", "payoff_mean", "payoff_variance"];
    private static readonly string[] LatencyFields = ["error_rate", "p50_ms", "p90_ms", "p99_ms", "p999_ms"];
    private static readonly string[] PhaseFields =
    [
        "optimal_offset_ms", "spread_ms", "kalman_initial_state", "kalman_initial_variance", "process_noise",
        "measurement_noise"
    ];

    private static bool Bad(double v) => !double.IsFinite(v);

    private static int IndexOfBad(ReadOnlySpan<double> values)
    {
        for (int i = 0; i < values.Length; i++) if (Bad(values[i])) return i;
        return -1;
    }

    private static LutCheckResult Fail(string where, string field) =>
        LutCheckResult.Fail($"{where}: {field} is NaN or infinite");
}
