using System.Runtime.CompilerServices;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// Tie pooling and pool-adjacent-violators in one pass over sorted unweighted records, for a non-decreasing fit.
/// The blocks live on a stack instead of scikit-learn's in-place arrays, but the arithmetic is that of
/// <c>_make_unique</c> and <c>_inplace_contiguous_isotonic_regression</c> operation for operation: a merge starts
/// from the current block, absorbs the block stepped back from (if any), then following points while each is not
/// above the one absorbed before it, and steps back one block. So the blocks, their means and the knots equal
/// <see cref="PoolAdjacentViolators"/>'s, without writing the pooled points anywhere: the pass reads the records once
/// and keeps a stack that stays in cache for calibration data.
/// </summary>
internal static class TiePoolingPav
{
    /// <summary>Stack entries: mean, weight, first and last pooled x of a block.</summary>
    public const int EntryDoubles = 4;

    /// <summary>
    /// Fits <paramref name="sorted"/> (records ordered by key, then value); <paramref name="constantBits"/> are the
    /// key bits every record shares. The block stack lives in <paramref name="space"/>
    /// (<see cref="EntryDoubles"/> per block); null when it would not fit there (the caller then pools into arrays).
    /// </summary>
    /// <remarks>
    /// Points arrive one at a time (a tie group ends where a row's x is 1e-15 or more above the group's first), so all
    /// state stays in registers. scikit-learn's loop, seen from the arriving point p: with no merge open, the current
    /// block either stays (its mean below p's y: p becomes a block) or opens a merge absorbing p; an open merge absorbs
    /// p while the last point absorbed is not below p, else closes, and each closed merge steps back: the block before
    /// it, unless below it, opens a merge that absorbs it, and that merge goes on with p like any other.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IsotonicModel? TrySolve<TRecord>(ReadOnlySpan<TRecord> sorted, ulong constantBits, Span<double> space,
        IsotonicConstraints c) where TRecord : unmanaged, ISortRecord<TRecord>
    {
        int n = sorted.Length;
        int capacity = space.Length / EntryDoubles;
        var sy = space[..capacity];
        var sw = space.Slice(capacity, capacity);
        var sf = space.Slice(2 * capacity, capacity);
        var sl = space.Slice(3 * capacity, capacity);
        int cur = -1, unique = 0;
        bool merging = false;
        double sumWy = 0, sumW = 0, prevY = 0, last = 0;
        // The tie group being read, pooled as _make_unique does: x of its first row, sums of y and weight.
        double gx = KeyIndexRadixSort.FromKey(TRecord.Key(sorted[0], constantBits));
        double gy = TRecord.Value(sorted[0]) * 1.0, gw = 1.0;
        for (int j = 1; j <= n; j++)
        {
            double xj = 0;
            if (j < n)
            {
                xj = KeyIndexRadixSort.FromKey(TRecord.Key(sorted[j], constantBits));
                if (xj - gx < IsotonicFit.TieTolerance)
                {
                    gw += 1.0;
                    gy += TRecord.Value(sorted[j]) * 1.0;
                    continue;
                }
            }
            double px = gx, py = gy / gw, pw = gw;
            unique++;
            if (j < n)
            {
                gx = xj;
                gy = TRecord.Value(sorted[j]) * 1.0;
                gw = 1.0;
            }
            if (merging)
            {
                if (prevY >= py)
                {
                    prevY = py; sumWy += pw * py; sumW += pw; last = px;
                    continue;
                }
                bool absorbed = false;
                while (true)
                {
                    sy[cur] = sumWy / sumW; sw[cur] = sumW; sl[cur] = last;
                    if (cur == 0 || sy[cur - 1] < sy[cur]) break;
                    sumWy = sw[cur - 1] * sy[cur - 1]; sumW = sw[cur - 1];
                    prevY = sy[cur]; sumWy += sw[cur] * sy[cur]; sumW += sw[cur]; last = sl[cur];
                    cur--;
                    if (prevY >= py)
                    {
                        prevY = py; sumWy += pw * py; sumW += pw; last = px;
                        absorbed = true;
                        break;
                    }
                }
                if (absorbed) continue;
                merging = false;
            }
            if (cur < 0 || sy[cur] < py)
            {
                if (++cur == capacity) return null;
                sy[cur] = py; sw[cur] = pw; sf[cur] = px; sl[cur] = px;
                continue;
            }
            sumWy = sw[cur] * sy[cur]; sumW = sw[cur];
            prevY = py; sumWy += pw * py; sumW += pw; last = px;
            merging = true;
        }
        while (merging)
        {
            sy[cur] = sumWy / sumW; sw[cur] = sumW; sl[cur] = last;
            if (cur == 0 || sy[cur - 1] < sy[cur]) break;
            sumWy = sw[cur - 1] * sy[cur - 1]; sumW = sw[cur - 1];
            sumWy += sw[cur] * sy[cur]; sumW += sw[cur]; last = sl[cur];
            cur--;
        }
        return Knots(sy[..(cur + 1)], sf, sl, c, n, unique);
    }

    /// <summary>
    /// Clips the block means to the bounds and keeps the knots scikit-learn keeps: the ends and every pooled point
    /// whose value differs from a neighbour's, i.e. a block's first point when the block before differs (or, for a
    /// single point, the block after) and its last point when the block after differs.
    /// </summary>
    private static IsotonicModel Knots(Span<double> value, ReadOnlySpan<double> first, ReadOnlySpan<double> last,
        IsotonicConstraints c, int rows, int unique)
    {
        int blocks = value.Length;
        if (c.YMin is not null || c.YMax is not null)
        {
            double lo = c.YMin ?? double.NegativeInfinity, hi = c.YMax ?? double.PositiveInfinity;
            for (int b = 0; b < blocks; b++) value[b] = Math.Min(Math.Max(value[b], lo), hi);
        }
        var kx = new List<double>(2 * blocks);
        var ky = new List<double>(2 * blocks);
        for (int b = 0; b < blocks; b++)
        {
            double v = value[b];
            bool single = first[b] == last[b];
            bool lastBlock = b == blocks - 1;
            bool differsBefore = b == 0 || v != value[b - 1];
            bool differsAfter = lastBlock || v != value[b + 1];
            if (differsBefore || (single && differsAfter)) { kx.Add(first[b]); ky.Add(v); }
            if (!single && differsAfter) { kx.Add(last[b]); ky.Add(v); }
        }
        return new IsotonicModel([.. kx], [.. ky], c.Increasing, rows, unique, rows);
    }
}
