using System.Runtime.CompilerServices;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// In-place weighted pool-adjacent-violators for a non-decreasing fit, single pass with backtracking, O(n).
/// The arithmetic (operation order, the non-strict pooling test) follows scikit-learn's
/// <c>_inplace_contiguous_isotonic_regression</c> so that block boundaries, and therefore the knots, are identical.
/// </summary>
internal static class PoolAdjacentViolators
{
    /// <summary>
    /// Replaces <paramref name="y"/> with its weighted isotonic (non-decreasing) regression.
    /// <paramref name="w"/> is destroyed; <paramref name="target"/> is scratch of the same length.
    /// After the call adjacent blocks have strictly increasing values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Solve(Span<double> y, Span<double> w, Span<int> target)
    {
        int n = y.Length;
        // target[i] = j and target[j] = i when [i..j] is an active block; y[i], w[i] hold the block's mean and weight.
        for (int t = 0; t < n; t++) target[t] = t;
        int i = 0;
        while (i < n)
        {
            int k = target[i] + 1;
            if (k == n) break;
            if (y[i] < y[k]) { i = k; continue; }
            double sumWy = w[i] * y[i];
            double sumW = w[i];
            while (true)
            {
                double prevY = y[k];
                sumWy += w[k] * y[k];
                sumW += w[k];
                k = target[k] + 1;
                if (k == n || prevY < y[k])
                {
                    y[i] = sumWy / sumW;
                    w[i] = sumW;
                    target[i] = k - 1;
                    target[k - 1] = i;
                    if (i > 0) i = target[i - 1];
                    break;
                }
            }
        }
        i = 0;
        while (i < n)
        {
            int k = target[i] + 1;
            y.Slice(i + 1, k - i - 1).Fill(y[i]);
            i = k;
        }
    }
}
