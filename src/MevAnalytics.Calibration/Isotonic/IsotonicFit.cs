using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MevAnalytics.Calibration.Validation;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// Exact weighted isotonic regression on all rows, reproducing scikit-learn's <c>IsotonicRegression</c>:
/// zero-weight rows dropped, rows ordered by (x, y, row), ties in x pooled to their weighted mean (x values closer
/// than 1e-15 to the first of a group count as ties), pool-adjacent-violators, clipping to the bounds, and removal of
/// knots interior to a constant run.
/// </summary>
/// <remarks>
/// Working memory of <see cref="Fit"/>: unweighted, one buffer of 16-byte (key, y) records, or 8-byte ones when every
/// y is 0 or 1, plus the sort's per-bucket scratch (a few KB for smooth scores) and a block stack of at most 2 MB;
/// rows whose blocks outgrow the stack take 20 bytes per row more; weighted, 32 bytes per positive-weight row
/// (sort keys and row indices, double buffered) plus 8 per distinct x.
/// </remarks>
public static class IsotonicFit
{
    /// <summary>scikit-learn's tie tolerance: <c>np.finfo(np.float64).resolution</c>.</summary>
    public const double TieTolerance = 1e-15;

    /// <summary>
    /// Blocks the streaming solver's stack holds (32 bytes each, 2 MB): calibration data keeps a few thousand at
    /// most, since a block stays on the stack only while every block after it has a higher mean.
    /// </summary>
    private const int StackBlocks = 1 << 16;

    /// <summary>Fits rows in any order; the sort is stable and deterministic.</summary>
    /// <param name="x">Scores (column 'x'), finite.</param>
    /// <param name="y">Targets (column 'y'), finite.</param>
    /// <param name="weights">Non-negative finite weights (column 'weight'), or empty for all ones.</param>
    /// <param name="constraints">Direction and bounds; null for non-decreasing, unbounded.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IsotonicModel Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        ReadOnlySpan<double> weights = default,
        IsotonicConstraints? constraints = null)
    {
        var c = constraints ?? IsotonicConstraints.Default;
        c.Validate();
        if (weights.IsEmpty)
        {
            CalibrationInputValidator.RequireNonEmpty("x", x.Length);
            CalibrationInputValidator.RequireSameLength("y", y.Length, "x", x.Length);
            return FitUnweighted(x, y, c);
        }
        int n = ValidateColumns(x, y, weights);

        var keys = new ulong[n];
        var rows = new int[n];
        bool ordered = true;
        for (int i = 0, k = 0; i < x.Length; i++)
        {
            if (!(weights[i] > 0)) continue;
            keys[k] = KeyIndexRadixSort.ToKey(x[i]);
            ordered &= k == 0 || keys[k] >= keys[k - 1];
            rows[k++] = i;
        }
        var scratchKeys = new ulong[n];
        var scratchRows = new int[n];
        // Rows already in order (a segment of push-down buckets) are their own stable sort.
        if (!ordered && KeyIndexRadixSort.Sort(keys, rows, scratchKeys, scratchRows, n))
        {
            (keys, scratchKeys) = (scratchKeys, keys);
            (rows, scratchRows) = (scratchRows, rows);
        }
        var scratchDoubles = MemoryMarshal.Cast<ulong, double>(scratchKeys.AsSpan());
        OrderTiesByY(keys, rows, y, scratchDoubles, scratchRows);

        int m = CountUnique(keys);
        // Pool ties: x in place over the keys, y over the free scratch keys, weights in a new array.
        var ux = MemoryMarshal.Cast<ulong, double>(keys.AsSpan());
        var uy = scratchDoubles;
        var uw = new double[m];
        double curX = KeyIndexRadixSort.FromKey(keys[0]), curY = 0, curW = 0;
        int u = 0;
        for (int j = 0; j < n; j++)
        {
            double xj = KeyIndexRadixSort.FromKey(keys[j]);
            int r = rows[j];
            double wj = weights[r];
            if (xj - curX >= TieTolerance)
            {
                ux[u] = curX; uw[u] = curW; uy[u] = curY / curW; u++;
                curX = xj; curW = wj; curY = y[r] * wj;
            }
            else
            {
                curW += wj;
                curY += y[r] * wj;
            }
        }
        ux[u] = curX; uw[u] = curW; uy[u] = curY / curW;
        return Solve(ux[..m], uy[..m], uw, rows.AsSpan(0, m), c, n);
    }

    /// <summary>
    /// Unweighted rows: records sorted by (key, y) (<see cref="RecordBucketSort{TRecord}"/>), so the pooling reads y
    /// in order with no random gather. Rows with equal x and equal y are interchangeable when unweighted, so this is
    /// scikit-learn's (x, y) order and its sums exactly. Rows whose y are all 0 or 1 (landing outcomes) sort as 8-byte
    /// <see cref="PackedOutcome"/>s, any other y as 16-byte <see cref="KeyValue"/>s.
    /// </summary>
    private static IsotonicModel FitUnweighted(ReadOnlySpan<double> x, ReadOnlySpan<double> y, IsotonicConstraints c)
    {
        var parts = new ParallelParts(x.Length);
        var buckets = SortBuckets.Measure(x, y, parts);
        var profile = buckets.Profile;
        if (!profile.Finite)
        {
            CalibrationInputValidator.RequireFinite("x", x);
            CalibrationInputValidator.RequireFinite("y", y);
        }
        return PackedOutcome.Fits(profile.BinaryValues, profile.VaryingKeyBits)
            ? FitRecords<PackedOutcome>(x, y, buckets, parts, c)
            : FitRecords<KeyValue>(x, y, buckets, parts, c);
    }

    /// <summary>
    /// Sorts into one record buffer (8 or 16 bytes per row), then pools ties and solves in one pass over it with a
    /// block stack of at most <see cref="StackBlocks"/> blocks (<see cref="TiePoolingPav{TRecord}"/>), which follows
    /// the sort range by range. A decreasing fit, or one whose stack outgrows that (rows whose pooled means keep
    /// rising, not calibration data), pools into arrays instead: pooled x and y, 16 bytes per row, pooled weights
    /// over the already-consumed records, and the PAV scratch, 4 bytes per pooled point.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IsotonicModel FitRecords<TRecord>(ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        SortBuckets buckets, ParallelParts parts, IsotonicConstraints c)
        where TRecord : unmanaged, ISortRecord<TRecord>
    {
        int n = x.Length;
        // Pooled: a job fits segment after segment, and a fit on fresh pages measured 1-5 ms slower at 1 M rows.
        var a = ArrayPool<TRecord>.Shared.Rent(n);
        var stack = c.Increasing
            ? ArrayPool<double>.Shared.Rent(TiePoolingPav<TRecord>.EntryDoubles * Math.Min(n, StackBlocks))
            : null;
        try
        {
            ulong constant = buckets.Profile.AllKeyBits;
            // The solver follows the sort range by range on this thread while the other threads sort on.
            var solver = stack is null ? null : new TiePoolingPav<TRecord>(constant, stack);
            RecordBucketSort<TRecord>.Sort(x, y, buckets, parts, a,
                solver is null ? null : (from, to) => solver.Add(a.AsSpan(from, to - from)));
            return solver?.Finish(c) ?? PoolAndSolve(a.AsSpan(0, n), constant, c);
        }
        finally
        {
            ArrayPool<TRecord>.Shared.Return(a);
            if (stack is not null) ArrayPool<double>.Shared.Return(stack);
        }
    }

    /// <summary>Pools ties into arrays and solves (see <see cref="FitRecords{TRecord}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IsotonicModel PoolAndSolve<TRecord>(Span<TRecord> a, ulong constant, IsotonicConstraints c)
        where TRecord : unmanaged, ISortRecord<TRecord>
    {
        int n = a.Length;
        var ux = GC.AllocateUninitializedArray<double>(n);
        var uy = GC.AllocateUninitializedArray<double>(n);
        // uw[u] over the sorted records is written only after record j > u was read: it never overwrites an unread one.
        var uw = MemoryMarshal.Cast<TRecord, double>(a);
        double curX = KeyIndexRadixSort.FromKey(TRecord.Key(a[0], constant)), curY = 0, curW = 0;
        int u = 0;
        for (int j = 0; j < n; j++)
        {
            double xj = KeyIndexRadixSort.FromKey(TRecord.Key(a[j], constant));
            double yj = TRecord.Value(a[j]);
            if (xj - curX >= TieTolerance)
            {
                ux[u] = curX; uw[u] = curW; uy[u] = curY / curW; u++;
                curX = xj; curW = 1.0; curY = yj * 1.0;
            }
            else
            {
                curW += 1.0;
                curY += yj * 1.0;
            }
        }
        ux[u] = curX; uw[u] = curW; uy[u] = curY / curW;
        int m = u + 1;
        return Solve(ux.AsSpan(0, m), uy.AsSpan(0, m), uw[..m], new int[m], c, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ValidateColumns(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights)
    {
        CalibrationInputValidator.RequireNonEmpty("x", x.Length);
        CalibrationInputValidator.RequireSameLength("y", y.Length, "x", x.Length);
        CalibrationInputValidator.RequireFinite("x", x);
        CalibrationInputValidator.RequireFinite("y", y);
        if (weights.IsEmpty) return x.Length;
        CalibrationInputValidator.RequireSameLength("weight", weights.Length, "x", x.Length);
        CalibrationInputValidator.RequireValidWeights("weight", weights);
        int positive = 0;
        foreach (double w in weights) if (w > 0) positive++;
        if (positive == 0)
            throw new ArgumentException(
                $"Column 'weight' has {weights.Length} rows, all with zero weight: nothing to fit.", "weight");
        return positive;
    }

    /// <summary>
    /// Within runs of equal x, orders rows by (y, row) like numpy's <c>lexsort((y, X))</c>; the radix sort
    /// already left equal keys in row order, so only runs whose y is not yet non-decreasing are sorted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OrderTiesByY(ulong[] keys, int[] rows, ReadOnlySpan<double> y, Span<double> scratchY,
        Span<int> scratchRows)
    {
        int n = keys.Length;
        int s = 0;
        while (s < n)
        {
            int e = s + 1;
            bool sorted = true;
            while (e < n && keys[e] == keys[s])
            {
                if (y[rows[e]] < y[rows[e - 1]]) sorted = false;
                e++;
            }
            if (!sorted)
            {
                int len = e - s;
                var ys = scratchY[..len];
                var rs = scratchRows[..len];
                for (int j = 0; j < len; j++) { rs[j] = rows[s + j]; ys[j] = y[rs[j]]; }
                if (len <= SmallTieRun) InsertionSortByY(ys, rs);
                else
                {
                    ys.Sort(rs);
                    // The introsort is not stable: restore row order among equal y.
                    int a = 0;
                    while (a < len)
                    {
                        int b = a + 1;
                        while (b < len && ys[b] == ys[a]) b++;
                        if (b - a > 1) rs[a..b].Sort();
                        a = b;
                    }
                }
                rs.CopyTo(rows.AsSpan(s, len));
            }
            s = e;
        }
    }

    /// <summary>Tie runs up to this long are ordered by a stable insertion sort: push-down buckets tie once per
    /// segment merged (30 rows of one score at the global level), where the general sort's setup and its second pass
    /// over equal y cost more than the sort.</summary>
    private const int SmallTieRun = 64;

    /// <summary>Stable: rows of equal y keep the order they came in, which is row order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InsertionSortByY(Span<double> ys, Span<int> rs)
    {
        for (int i = 1; i < ys.Length; i++)
        {
            double v = ys[i];
            int r = rs[i], j = i - 1;
            for (; j >= 0 && ys[j] > v; j--) (ys[j + 1], rs[j + 1]) = (ys[j], rs[j]);
            (ys[j + 1], rs[j + 1]) = (v, r);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountUnique(ulong[] keys)
    {
        int m = 1;
        double cur = KeyIndexRadixSort.FromKey(keys[0]);
        for (int j = 1; j < keys.Length; j++)
        {
            double xj = KeyIndexRadixSort.FromKey(keys[j]);
            if (xj - cur >= TieTolerance) { m++; cur = xj; }
        }
        return m;
    }

    /// <summary>
    /// PAV on pooled points, bounds by clipping, then knot trimming, as scikit-learn's <c>_build_y</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IsotonicModel Solve(Span<double> ux, Span<double> uy, Span<double> uw, Span<int> target,
        IsotonicConstraints c, int rows)
    {
        int m = ux.Length;
        double weightSum = 0;
        foreach (double w in uw) weightSum += w;
        if (!c.Increasing) { uy.Reverse(); uw.Reverse(); }
        PoolAdjacentViolators.Solve(uy, uw, target);
        c.Clip(uy);
        if (!c.Increasing) uy.Reverse();

        // Keep the ends and every point whose value differs from a neighbour; the PAV scratch holds kept indices.
        int kept = 0;
        for (int i = 0; i < m; i++)
            if (i == 0 || i == m - 1 || uy[i] != uy[i - 1] || uy[i] != uy[i + 1])
                target[kept++] = i;
        var kx = new double[kept];
        var ky = new double[kept];
        for (int k = 0; k < kept; k++) { kx[k] = ux[target[k]]; ky[k] = uy[target[k]]; }
        return new IsotonicModel(kx, ky, c.Increasing, rows, m, weightSum);
    }
}
