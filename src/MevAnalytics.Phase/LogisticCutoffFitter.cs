using MathNet.Numerics.LinearAlgebra;
using MevAnalytics.Fitting.Numerics;

namespace MevAnalytics.Phase;

/// <summary>
/// Maximum-likelihood fit of landed ~ Bernoulli(plateau x sigmoid((c - phase) / s)) to a fine phase histogram
/// (MathNet Nelder-Mead, several starts). The cut-off c is kept within [-slot/2, 3 slot/2] and s within
/// [0.25 ms, slot], so leaders that never cut off inside the slot yield a finite c beyond it, not a runaway.
/// </summary>
public static class LogisticCutoffFitter
{
    /// <summary>Fits histogram counts (<paramref name="samples"/>[b], <paramref name="lands"/>[b]) of bins of width
    /// <paramref name="resolutionMs"/>.</summary>
    public static CutoffFit Fit(long[] samples, long[] lands, double resolutionMs, double slotMs, double targetFraction)
    {
        var used = Enumerable.Range(0, samples.Length).Where(b => samples[b] > 0).ToArray();
        if (used.Length == 0) throw new ArgumentException("Cut-off fit needs at least one sample.", nameof(samples));
        var x = used.Select(b => (b + 0.5) * resolutionMs).ToArray();
        var n = used.Select(b => (double)samples[b]).ToArray();
        var k = used.Select(b => (double)lands[b]).ToArray();

        double Nll(double plateau, double c, double s)
        {
            double sum = 0;
            for (var i = 0; i < x.Length; i++)
            {
                var p = Math.Clamp(plateau / (1 + Math.Exp(-(c - x[i]) / s)), 1e-12, 1 - 1e-12);
                sum -= k[i] * Math.Log(p) + (n[i] - k[i]) * Math.Log(1 - p);
            }
            return sum;
        }
        (double Plateau, double C, double S) Map(double[] t) =>
            (Math.Clamp(Sigmoid(t[0]), 1e-6, 1 - 1e-6), -0.5 * slotMs + 2 * slotMs * Sigmoid(t[1]),
                Math.Exp(Math.Clamp(t[2], Math.Log(0.25), Math.Log(slotMs))));
        double Objective(double[] t) { var (p, c, s) = Map(t); return Nll(p, c, s); }

        // Starts: plateau from the first quarter of the slot, cut-off where the coarse rate first halves.
        var early = used.Where(b => (b + 0.5) * resolutionMs < slotMs / 4).ToArray();
        var plateau0 = Math.Clamp(
            early.Length > 0
                ? (double)early.Sum(b => lands[b]) / Math.Max(1, early.Sum(b => samples[b]))
                : k.Sum() / n.Sum(),
            0.02, 0.98);
        var c0 = CoarseHalfPoint(samples, lands, resolutionMs, slotMs, plateau0);
        var best = (Point: Array.Empty<double>(), Value: double.PositiveInfinity);
        foreach (var s0 in new[] { 5.0, 30.0 })
        {
            double[] start = [Logit(plateau0), Logit(Math.Clamp((c0 + 0.5 * slotMs) / (2 * slotMs), 1e-4, 1 - 1e-4)),
                Math.Log(s0)];
            var r = NelderMeadMinimizer.Minimize(Objective, start, 1e-8, 3000);
            if (r.Value < best.Value) best = r;
        }
        var (plateau, cutoff, scale) = Map(best.Point);
        var stdErr = CutoffStdErr(Nll, plateau, cutoff, scale, slotMs);
        var q = targetFraction;
        var recommended = Math.Clamp(cutoff - scale * Math.Log(q / (1 - q)), 0, slotMs);
        return new CutoffFit(plateau, cutoff, scale, stdErr, recommended);
    }

    /// <summary>Modelled landing rate at <paramref name="phaseMs"/>.</summary>
    public static double Rate(CutoffFit fit, double phaseMs) =>
        fit.PlateauRate / (1 + Math.Exp(-(fit.CutoffMs - phaseMs) / fit.ScaleMs));

    private static double CoarseHalfPoint(long[] samples, long[] lands, double resolutionMs, double slotMs,
        double plateau)
    {
        var per = Math.Max(1, (int)Math.Round(20 / resolutionMs)); // ~20 ms windows
        for (var start = 0; start < samples.Length; start += per)
        {
            long n = 0, k = 0;
            for (var b = start; b < Math.Min(samples.Length, start + per); b++) { n += samples[b]; k += lands[b]; }
            if (n >= 5 && (double)k / n < plateau / 2) return (start + per / 2.0) * resolutionMs;
        }
        return slotMs;
    }

    private static double CutoffStdErr(Func<double, double, double, double> nll, double plateau, double c, double s,
        double slotMs)
    {
        double[] theta = [plateau, c, s];
        double[] h = [Math.Min(1e-4, Math.Min(plateau, 1 - plateau) / 4), 1e-2 * Math.Max(1, s / 10),
            1e-2 * Math.Max(0.01, s / 10)];
        double F(double[] t) => nll(t[0], t[1], t[2]);
        var hessian = Matrix<double>.Build.Dense(3, 3);
        for (var i = 0; i < 3; i++)
            for (var j = i; j < 3; j++)
            {
                double Shifted(int si, int sj)
                {
                    var t = (double[])theta.Clone();
                    t[i] += si * h[i]; t[j] += sj * h[j];
                    return F(t);
                }
                var value = (Shifted(1, 1) - Shifted(1, -1) - Shifted(-1, 1) + Shifted(-1, -1)) / (4 * h[i] * h[j]);
                hessian[i, j] = value; hessian[j, i] = value;
            }
        try
        {
            var variance = hessian.Inverse()[1, 1];
            return variance > 0 && double.IsFinite(variance) ? Math.Min(Math.Sqrt(variance), slotMs) : slotMs;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return slotMs;
        }
    }

    private static double Sigmoid(double t) => 1 / (1 + Math.Exp(-t));

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
