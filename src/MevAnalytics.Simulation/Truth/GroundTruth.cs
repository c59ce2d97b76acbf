using MevAnalytics.Simulation.History;

namespace MevAnalytics.Simulation.Truth;

/// <summary>What the simulator knows and the fits should recover: written as JSON beside the history.</summary>
public sealed record GroundTruth(
    ulong Seed,
    DateTime Start,
    DateTime End,
    double SendsPerSecond,
    long Sends,
    long Probes,
    LandingDistortion Distortion,
    IReadOnlyList<CurvePoint> CalibrationCurve,
    EvBias EvBias,
    IReadOnlyList<RouteTruth> Routes,
    IReadOnlyList<ArmTruth> Arms,
    IReadOnlyList<LeaderTruth> Leaders)
{
    /// <summary>Builds the truth of a finished simulation from its merged tally.</summary>
    public static GroundTruth From(HistorySimulator sim, TruthTally tally, long sends, long probes,
        double sendsPerSecond, ulong seed)
    {
        var m = sim.Market;
        var expectedValue = m.PayoffMedianSol * Math.Exp(m.PayoffSigma * m.PayoffSigma / 2);
        var curve = Enumerable.Range(1, 199).Select(i => i / 200.0)
            .Select(s => new CurvePoint(s, m.Distortion.TrueProbability(s))).ToArray();
        var routes = m.Routes.Select((r, ri) => new RouteTruth(
            r.Name, r.Region, r.Endpoints, r.BaseLogit, r.DriftPerDay, r.LatencyMedianMs, r.LatencySigma,
            LogNormalQuantile(r.LatencyMedianMs, r.LatencySigma, 0.5),
            LogNormalQuantile(r.LatencyMedianMs, r.LatencySigma, 0.9),
            LogNormalQuantile(r.LatencyMedianMs, r.LatencySigma, 0.99),
            LogNormalQuantile(r.LatencyMedianMs, r.LatencySigma, 0.999),
            sim.Incidents.Outages(ri).Select(o => new Window(DateTime.UnixEpoch.AddMilliseconds(o.From),
                DateTime.UnixEpoch.AddMilliseconds(o.To))).ToArray()))
            .ToArray();
        var arms = new List<ArmTruth>();
        for (var r = 0; r < m.Routes.Count; r++)
            for (var a = 0; a < m.TipLadderLamports.Count; a++)
            {
                var cell = r * m.TipLadderLamports.Count + a;
                var rate = tally.Sends[cell] == 0 ? 0 : tally.PTrueSum[cell] / tally.Sends[cell];
                var lastDay = tally.LastDaySends[cell] == 0
                    ? 0
                    : tally.LastDayPTrueSum[cell] / tally.LastDaySends[cell];
                var tipSol = m.TipLadderLamports[a] / 1e9;
                arms.Add(new ArmTruth(m.Routes[r].Name, a, m.TipLadderLamports[a], tally.Sends[cell], rate, lastDay,
                    expectedValue, rate * expectedValue - tipSol, lastDay * expectedValue - tipSol));
            }
        var leaders = m.Leaders
            .Select(l => new LeaderTruth(l.Id, l.Group, l.CutoffMs, l.SoftnessMs, l.CutoffAfterChangeMs, l.ChangeAt))
            .ToArray();
        return new GroundTruth(seed, m.Start, m.End, sendsPerSecond, sends, probes, m.Distortion, curve, m.EvBias,
            routes, arms, leaders);
    }

    private static double LogNormalQuantile(double median, double sigma, double q) =>
        median * Math.Exp(sigma * NormalQuantile(q));

    // Acklam's rational approximation (relative error < 1.2e-9), enough for quantiles of the truth.
    private static double NormalQuantile(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        var u = p - 0.5;
        var r = u * u;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * u
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}

/// <summary>A point of the true calibration curve.</summary>
public sealed record CurvePoint(double Score, double TrueProbability);

/// <summary>A time window.</summary>
public sealed record Window(DateTime From, DateTime To);

/// <summary>True parameters of a route; quantiles are those of the log-normal without bursts or outages.</summary>
public sealed record RouteTruth(
    string Name, string Region, IReadOnlyList<string> Endpoints, double BaseLogit, double DriftPerDay,
    double LatencyMedianMs, double LatencySigma, double P50Ms, double P90Ms, double P99Ms, double P999Ms,
    IReadOnlyList<Window> Outages);

/// <summary>True landing rate and EV of a route x tip arm over the generated contexts (whole history and last
/// day).</summary>
public sealed record ArmTruth(
    string Route, int Arm, long TipLamports, long Sends, double LandingRate, double LastDayLandingRate,
    double PayoffIfLandedSol, double ExpectedValueSol, double LastDayExpectedValueSol);

/// <summary>A leader's true phase cut-off (and the cut-off after a mid-history change, if any).</summary>
public sealed record LeaderTruth(
    string Id, string Group, double CutoffMs, double SoftnessMs, double? CutoffAfterChangeMs, DateTime? ChangeAt);
