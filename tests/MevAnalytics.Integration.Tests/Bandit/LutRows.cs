using MevAnalytics.Lut;

namespace MevAnalytics.Integration.Tests.Bandit;

/// <summary>Published LUTs read back with <see cref="LutFile"/> into plain rows, every float checked for
/// NaN/infinity.</summary>
public static class LutRows
{
    public sealed record Arm(
        string Route, int ArmIndex, string? Group, double Alpha, double Beta, double PayoffMeanLamports,
        ulong TipLamports);
    public sealed record Latency(
        string Route, string Endpoint, long Count, double ErrorRate, double P50, double P90, double P99, double P999);
    public sealed record Phase(
        string Leader, long Samples, double OffsetMs, double SpreadMs, double State, double Variance, double Q,
        double R);

    public static List<Arm> Arms(string path)
    {
        using var file = LutFile.Open(path);
        var r = file.Reader;
        var rows = new List<Arm>();
        for (var i = 0; i < r.ArmCount; i++)
        {
            var a = r.ArmAt(i);
            AssertFinite($"arm {a.Route}/{a.ArmIndex}", a.Alpha, a.Beta, a.DecayedPulls, a.DecayedLands, a.PayoffMean,
                a.PayoffVariance);
            rows.Add(new Arm(a.Route, a.ArmIndex, a.LeaderGroup, a.Alpha, a.Beta, a.PayoffMean, a.TipLamports));
        }
        return rows;
    }

    public static List<Latency> Latencies(string path)
    {
        using var file = LutFile.Open(path);
        var r = file.Reader;
        var rows = new List<Latency>();
        for (var i = 0; i < r.LatencyCount; i++)
        {
            var l = r.LatencyAt(i);
            AssertFinite($"latency {l.Route}/{l.Endpoint}", l.ErrorRate, l.P50Ms, l.P90Ms, l.P99Ms, l.P999Ms);
            rows.Add(new Latency(l.Route, l.Endpoint, l.Count, l.ErrorRate, l.P50Ms, l.P90Ms, l.P99Ms, l.P999Ms));
        }
        return rows;
    }

    public static List<Phase> Phases(string path)
    {
        using var file = LutFile.Open(path);
        var r = file.Reader;
        var rows = new List<Phase>();
        for (var i = 0; i < r.PhaseCount; i++)
        {
            var p = r.PhaseAt(i);
            AssertFinite($"phase {p.Leader}", p.OptimalOffsetMs, p.SpreadMs, p.KalmanInitialState,
                p.KalmanInitialVariance, p.ProcessNoise, p.MeasurementNoise);
            rows.Add(new Phase(p.Leader, p.SampleCount, p.OptimalOffsetMs, p.SpreadMs, p.KalmanInitialState,
                p.KalmanInitialVariance, p.ProcessNoise, p.MeasurementNoise));
        }
        return rows;
    }

    private static void AssertFinite(string where, params double[] values)
    {
        for (var i = 0; i < values.Length; i++)
            Assert.True(double.IsFinite(values[i]), $"{where}: field {i} is {values[i]}");
    }
}
