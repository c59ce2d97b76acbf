namespace MevAnalytics.Lut;

/// <summary>One keyed row of a bandit, latency, hedge or phase section in either of two tables: the field that
/// differs most and by how much (null when the row is in one table only).</summary>
/// <param name="Section">arm, latency, hedge or phase.</param>
/// <param name="Key">The row's key: route/arm[/leader group], route/endpoint, route or leader.</param>
/// <param name="InA">Row stored in table A.</param>
/// <param name="InB">Row stored in table B.</param>
/// <param name="Field">The field with the largest absolute difference.</param>
/// <param name="MaxAbsDifference">|A - B| of that field.</param>
public sealed record LutRowDiff(string Section, string Key, bool InA, bool InB, string? Field,
    double? MaxAbsDifference)
{
    /// <summary>Every keyed row of <paramref name="a"/> and <paramref name="b"/>, by section and key.</summary>
    public static IReadOnlyList<LutRowDiff> Of(LutReader a, LutReader b)
    {
        var rowsA = Rows(a);
        var rowsB = Rows(b);
        return [.. rowsA.Keys.Union(rowsB.Keys).Order().Select(k =>
        {
            bool inA = rowsA.TryGetValue(k, out var fa), inB = rowsB.TryGetValue(k, out var fb);
            if (!inA || !inB) return new LutRowDiff(k.Section, k.Key, inA, inB, null, null);
            var (field, diff) = fa!.Zip(fb!, (x, y) => (x.Field, Diff: Math.Abs(x.Value - y.Value)))
                .MaxBy(p => p.Diff);
            return new LutRowDiff(k.Section, k.Key, true, true, field, diff);
        })];
    }

    private static Dictionary<(string Section, string Key), (string Field, double Value)[]> Rows(LutReader r)
    {
        var rows = new Dictionary<(string, string), (string, double)[]>();
        for (int i = 0; i < r.ArmCount; i++)
        {
            var x = r.ArmAt(i);
            rows[("arm", $"{x.Route}/{x.ArmIndex}{(x.HasLeaderGroup ? "/" + x.LeaderGroup : "")}")] =
            [
                ("alpha", x.Alpha), ("beta", x.Beta), ("decayed_pulls", x.DecayedPulls),
                ("decayed_lands", x.DecayedLands), ("payoff_mean", x.PayoffMean),
                ("payoff_variance", x.PayoffVariance), ("tip_lamports", x.TipLamports),
            ];
        }
        for (int i = 0; i < r.LatencyCount; i++)
        {
            var x = r.LatencyAt(i);
            rows[("latency", $"{x.Route}/{x.Endpoint}")] =
            [
                ("count", x.Count), ("error_rate", x.ErrorRate), ("p50_ms", x.P50Ms), ("p90_ms", x.P90Ms),
                ("p99_ms", x.P99Ms), ("p999_ms", x.P999Ms),
            ];
        }
        for (int i = 0; i < r.RouteHedgeCount; i++)
        {
            var x = r.RouteHedgeAt(i);
            rows[("hedge", x.Route)] =
                [("hedge_delay_ms", x.HedgeDelayMs), ("hedge_fire_rate", x.HedgeFireRate), ("count", x.Count)];
        }
        for (int i = 0; i < r.PhaseCount; i++)
        {
            var x = r.PhaseAt(i);
            rows[("phase", x.Leader)] =
            [
                ("samples", x.SampleCount), ("optimal_offset_ms", x.OptimalOffsetMs), ("spread_ms", x.SpreadMs),
                ("kalman_state", x.KalmanInitialState), ("kalman_variance", x.KalmanInitialVariance),
                ("process_noise", x.ProcessNoise), ("measurement_noise", x.MeasurementNoise),
            ];
        }
        return rows;
    }
}
