using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace MevAnalytics.Fitting.Numerics;

/// <summary>
/// Derivative-free minimisation with MathNet's Nelder-Mead simplex that never throws on slow convergence:
/// the best point seen is returned instead. Likelihood surfaces here are often flat in a degenerate
/// direction (e.g. prior strength for homogeneous arms), where the simplex hits its iteration cap
/// while already at a perfectly usable point.
/// </summary>
public static class NelderMeadMinimizer
{
    /// <summary>Minimises <paramref name="objective"/> from <paramref name="start"/>; non-finite values count as
    /// +infinity.</summary>
    public static (double[] Point, double Value) Minimize(Func<double[], double> objective, double[] start,
        double tolerance = 1e-9, int maxIterations = 4000)
    {
        var bestPoint = (double[])start.Clone();
        var bestValue = double.PositiveInfinity;
        double Wrapped(Vector<double> v)
        {
            var x = v.ToArray();
            var f = objective(x);
            if (!double.IsFinite(f)) return 1e300;
            if (f < bestValue) { bestValue = f; bestPoint = x; }
            return f;
        }

        try
        {
            var solver = new NelderMeadSimplex(tolerance, maxIterations);
            var result = solver.FindMinimum(ObjectiveFunction.Value(Wrapped), Vector<double>.Build.DenseOfArray(start));
            var p = result.MinimizingPoint.ToArray();
            var f = objective(p);
            if (double.IsFinite(f) && f <= bestValue) return (p, f);
        }
        catch (MaximumIterationsException)
        {
            // fall through to the best point seen
        }
        return (bestPoint, bestValue);
    }
}
