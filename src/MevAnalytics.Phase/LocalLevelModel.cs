using MevAnalytics.Fitting.Numerics;

namespace MevAnalytics.Phase;

/// <summary>
/// Local-level (random walk plus noise) state-space model y_i = x_i + v_i, v ~ N(0, R);
/// x_i = x_(i-1) + w_i, w ~ N(0, Q dt_i) with dt in seconds, so irregularly spaced observations are handled.
/// Q and R are estimated by maximum likelihood (Kalman filter prediction-error decomposition, conditional on the
/// first observation, which initialises x = y_0 with variance R), minimised over (ln Q, ln R) with MathNet's
/// Nelder-Mead from a method-of-moments start on the differenced series.
/// </summary>
public static class LocalLevelModel
{
    /// <summary>One observation: seconds since any fixed origin, value.</summary>
    public readonly record struct Observation(double Seconds, double Value);

    /// <summary>Runs the filter; returns the log-likelihood and the filtered level and variance after the last
    /// observation.</summary>
    public static (double LogLikelihood, double State, double Variance) Filter(IReadOnlyList<Observation> series,
        double q, double r)
    {
        if (series.Count == 0) return (0, 0, 0);
        return Filter(series, q, r, series[0].Value, r, series[0].Seconds, 1);
    }

    /// <summary>
    /// Runs the filter from a given prior level <paramref name="x0"/> with variance <paramref name="p0"/> at time
    /// <paramref name="t0"/>, starting at observation <paramref name="first"/>.
    /// </summary>
    public static (double LogLikelihood, double State, double Variance) Filter(IReadOnlyList<Observation> series,
        double q, double r, double x0, double p0, double t0, int first = 0)
    {
        var x = x0;
        var p = p0;
        var previous = t0;
        double ll = 0;
        for (var i = first; i < series.Count; i++)
        {
            var dt = Math.Max(0, series[i].Seconds - previous);
            previous = series[i].Seconds;
            var predicted = p + q * dt;
            var s = predicted + r;
            if (!(s > 0)) { p = predicted; continue; } // degenerate (Q = R = 0): nothing to learn from this step
            var v = series[i].Value - x;
            ll -= 0.5 * (Math.Log(2 * Math.PI * s) + v * v / s);
            var gain = predicted / s;
            x += gain * v;
            p = (1 - gain) * predicted;
        }
        return (ll, x, p);
    }

    /// <summary>Maximum-likelihood Q (per second) and R shared by every series (each needs at least 3
    /// observations).</summary>
    public static (double Q, double R) Fit(IReadOnlyList<IReadOnlyList<Observation>> series)
    {
        var usable = series.Where(s => s.Count >= 3).ToList();
        if (usable.Count == 0)
            throw new ArgumentException("Local-level fit needs a series with at least 3 observations.", nameof(series));

        // Method of moments on differences: Var(dy) = Q dt + 2R, Cov(dy_i, dy_(i-1)) = -R.
        double sum = 0, sumSq = 0, cross = 0, dtSum = 0; int count = 0, pairs = 0;
        foreach (var s in usable)
        {
            double? previous = null;
            for (var i = 1; i < s.Count; i++)
            {
                var d = s[i].Value - s[i - 1].Value;
                sum += d; sumSq += d * d; dtSum += Math.Max(0, s[i].Seconds - s[i - 1].Seconds); count++;
                if (previous is { } pd) { cross += d * pd; pairs++; }
                previous = d;
            }
        }
        var mean = sum / count;
        var gamma0 = Math.Max(sumSq / count - mean * mean, 1e-9);
        var gamma1 = pairs > 0 ? cross / pairs - mean * mean : 0;
        var r0 = Math.Clamp(-gamma1, 0.01 * gamma0, 0.5 * gamma0);
        var meanDt = dtSum / count > 0 ? dtSum / count : 1;
        var q0 = Math.Max(gamma0 - 2 * r0, 0.01 * gamma0) / meanDt;

        var logScale = Math.Log(gamma0);
        double Objective(double[] t)
        {
            var q = Math.Exp(Math.Clamp(t[0], logScale - 40, logScale + 20));
            var r = Math.Exp(Math.Clamp(t[1], logScale - 40, logScale + 20));
            double ll = 0;
            foreach (var s in usable) ll += Filter(s, q, r).LogLikelihood;
            return -ll;
        }
        var (best, _) = NelderMeadMinimizer.Minimize(Objective, [Math.Log(q0), Math.Log(r0)], 1e-8, 2000);
        return (Math.Exp(Math.Clamp(best[0], logScale - 40, logScale + 20)),
            Math.Exp(Math.Clamp(best[1], logScale - 40, logScale + 20)));
    }
}
