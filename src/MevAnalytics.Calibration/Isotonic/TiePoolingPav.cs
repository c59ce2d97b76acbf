using System.Numerics;
using System.Runtime.CompilerServices;

namespace MevAnalytics.Calibration.Isotonic;

/// <summary>
/// Tie pooling and pool-adjacent-violators in one pass over sorted unweighted records, for a non-decreasing fit, fed
/// range by range as the sort finishes them. The blocks live on a stack instead of scikit-learn's in-place arrays,
/// but the arithmetic is that of <c>_make_unique</c> and <c>_inplace_contiguous_isotonic_regression</c> operation for
/// operation: a merge starts from the current block, absorbs the block stepped back from (if any), then following
/// points while each is not above the one absorbed before it, and steps back one block. So the blocks, their means
/// and the knots equal <see cref="PoolAdjacentViolators"/>'s, without writing the pooled points anywhere: the pass
/// reads the records once and keeps a stack that stays in cache for calibration data.
/// </summary>
/// <remarks>
/// Points arrive one at a time (a tie group ends where a row's x is 1e-15 or more above the group's first).
/// scikit-learn's loop, seen from the arriving point p: with no merge open, the current block either stays (its mean
/// below p's y: p becomes a block) or opens a merge absorbing p; an open merge absorbs p while the last point absorbed
/// is not below p, else closes, and each closed merge steps back: the block before it, unless below it, opens a merge
/// that absorbs it, and that merge goes on with p like any other.
/// </remarks>
internal sealed class TiePoolingPav<TRecord> where TRecord : unmanaged, ISortRecord<TRecord>
{
    /// <summary>Stack entries: mean, weight, first and last pooled x of a block.</summary>
    public const int EntryDoubles = 4;

    private readonly ulong _constantBits;
    private readonly double[] _space;
    private readonly int _capacity;
    private int _rows, _unique, _cur = -1;
    private bool _merging, _grouping;
    private double _sumWy, _sumW, _prevY, _last;
    private double _gx, _gy, _gw;

    /// <param name="constantBits">Key bits every record shares.</param>
    /// <param name="space">The block stack, <see cref="EntryDoubles"/> doubles per block.</param>
    public TiePoolingPav(ulong constantBits, double[] space)
    {
        _constantBits = constantBits;
        _space = space;
        _capacity = space.Length / EntryDoubles;
    }

    // Set once the blocks outgrew the stack: Finish then returns null and the caller pools into arrays.
    private bool _overflowed;

    /// <summary>Takes the next records in order (ordered by key, then value).</summary>
    public void Add(ReadOnlySpan<TRecord> records) => Take(records, final: false);

    /// <summary>Closes the last tie group and the open merges, and returns the knots; null if the stack overflowed.
    /// </summary>
    public IsotonicModel? Finish(IsotonicConstraints c)
    {
        if (!_grouping) return null;
        Take([], final: true);
        if (_overflowed) return null;
        return Knots(_space.AsSpan(0, _cur + 1), _space.AsSpan(2 * _capacity, _capacity),
            _space.AsSpan(3 * _capacity, _capacity), c, _rows, _unique);
    }

    /// <summary>
    /// The pass over <paramref name="records"/>; with <paramref name="final"/> the tie group still open is the last
    /// point, and the merges still open close.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Take(ReadOnlySpan<TRecord> records, bool final)
    {
        if (_overflowed || (records.IsEmpty && !final)) return;
        var sy = _space.AsSpan(0, _capacity);
        var sw = _space.AsSpan(_capacity, _capacity);
        var sf = _space.AsSpan(2 * _capacity, _capacity);
        var sl = _space.AsSpan(3 * _capacity, _capacity);
        // The state in locals for the loop, back to fields at the end: fields would be loaded and stored per row.
        int cur = _cur, unique = _unique, n = records.Length, j = 0;
        bool merging = _merging;
        double sumWy = _sumWy, sumW = _sumW, prevY = _prevY, last = _last, gx = _gx, gy = _gy, gw = _gw;
        if (!_grouping)
        {
            gx = KeyIndexRadixSort.FromKey(TRecord.Key(records[0], _constantBits));
            gy = TRecord.Value(records[0]) * 1.0;
            gw = 1.0;
            j = 1;
        }
        Span<double> xs = stackalloc double[BitChunk + 1];
        int retryAt = 0;
        // Past the last record, a final pass ends the open group as if a record far above had arrived.
        for (int end = final ? n + 1 : n; j < end; j++)
        {
            // 0/1 values: the open lone point and the next 63 records, when no two of them tie, are taken as one
            // word of bits (see TakeBits); the 64th record opens the next group.
            if (TRecord.ValueIsBit && j >= retryAt && gw == 1.0 && j + BitChunk <= n)
            {
                ulong bits = gy != 0 ? 1UL : 0UL;
                bool tie = false;
                double before = gx;
                xs[0] = gx;
                for (int k = 0; k < BitChunk; k++)
                {
                    double xk = KeyIndexRadixSort.FromKey(TRecord.Key(records[j + k], _constantBits));
                    tie |= xk - before < IsotonicFit.TieTolerance;
                    before = xk;
                    xs[k + 1] = xk;
                    if (k < BitChunk - 1) bits |= TRecord.ValueBit(records[j + k]) << (k + 1);
                }
                if (!tie)
                {
                    // Through the fields: locals passed by reference would lose their registers in this loop.
                    (_cur, _merging, _sumWy, _sumW, _prevY, _last) = (cur, merging, sumWy, sumW, prevY, last);
                    if (!TakeBits(bits, xs)) return;
                    (cur, merging, sumWy, sumW, prevY, last) = (_cur, _merging, _sumWy, _sumW, _prevY, _last);
                    unique += BitChunk;
                    gx = xs[BitChunk];
                    gy = TRecord.Value(records[j + BitChunk - 1]) * 1.0;
                    j += BitChunk - 1;
                    continue;
                }
                retryAt = j + BitChunk;
            }
            double xj = 0;
            if (j < n)
            {
                xj = KeyIndexRadixSort.FromKey(TRecord.Key(records[j], _constantBits));
                if (xj - gx < IsotonicFit.TieTolerance)
                {
                    gw += 1.0;
                    gy += TRecord.Value(records[j]) * 1.0;
                    continue;
                }
            }
            // A lone row (most rows of continuous scores) needs no division: y / 1.0 is y, bit for bit.
            double px = gx, py = gw == 1.0 ? gy : gy / gw, pw = gw;
            unique++;
            if (j < n)
            {
                gx = xj;
                gy = TRecord.Value(records[j]) * 1.0;
                gw = 1.0;
            }
            if (merging)
            {
                if (prevY >= py)
                {
                    prevY = py; sumWy += pw * py; sumW += pw; last = px;
                    continue;
                }
                if (CloseAndStepBack(sy, sw, sl, ref cur, ref sumWy, ref sumW, ref prevY, ref last, px, py, pw))
                    continue;
                merging = false;
            }
            if (!PushOrOpen(sy, sw, sf, sl, ref cur, ref merging, ref sumWy, ref sumW, ref prevY, ref last, px, py, pw))
            {
                _overflowed = true;
                return;
            }
        }
        // No point follows the last: the open merge closes and steps back as far as it goes (a point at +infinity is
        // never absorbed).
        if (final && merging)
            CloseAndStepBack(sy, sw, sl, ref cur, ref sumWy, ref sumW, ref prevY, ref last, 0, double.PositiveInfinity,
                0);
        _rows += n;
        _grouping = true;
        (_cur, _unique, _merging) = (cur, unique, merging);
        (_sumWy, _sumW, _prevY, _last, _gx, _gy, _gw) = (sumWy, sumW, prevY, last, gx, gy, gw);
    }

    private const int BitChunk = 64;

    /// <summary>
    /// Takes 64 lone points with 0/1 values, point k's value in bit k and its x in <paramref name="xs"/>[k]: the same
    /// operations as point by point, but a merge absorbs its run of points (ones while the last absorbed is 1, then
    /// zeros) at once. Adding a zero leaves the sum as it is and the weights are whole numbers, so only the ones are
    /// added one at a time; the branches left are one per rise from 0 to 1 instead of several per point.
    /// False when the stack overflowed.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private bool TakeBits(ulong bits, ReadOnlySpan<double> xs)
    {
        int cur = _cur;
        bool merging = _merging;
        double sumWy = _sumWy, sumW = _sumW, prevY = _prevY, last = _last;
        var sy = _space.AsSpan(0, _capacity);
        var sw = _space.AsSpan(_capacity, _capacity);
        var sf = _space.AsSpan(2 * _capacity, _capacity);
        var sl = _space.AsSpan(3 * _capacity, _capacity);
        int i = 0;
        while (i < BitChunk)
        {
            if (merging)
            {
                int ones = prevY >= 1.0 ? BitOperations.TrailingZeroCount(~(bits >> i)) : 0;
                int q = i + ones;
                int zeros = q < BitChunk ? Math.Min(BitOperations.TrailingZeroCount(bits >> q), BitChunk - q) : 0;
                int run = ones + zeros;
                if (run > 0)
                {
                    for (int k = 0; k < ones; k++) sumWy += 1.0;
                    sumW += run;
                    if (zeros > 0) prevY = 0.0;
                    last = xs[q + zeros - 1];
                    i += run;
                    if (i == BitChunk) break;
                }
                // Point i is a 1 above the last absorbed: the merge closes and steps back.
                if (CloseAndStepBack(sy, sw, sl, ref cur, ref sumWy, ref sumW, ref prevY, ref last, xs[i], 1.0, 1.0))
                {
                    i++;
                    continue;
                }
                merging = false;
            }
            double py = (bits >> i) & 1, px = xs[i];
            if (!PushOrOpen(sy, sw, sf, sl, ref cur, ref merging, ref sumWy, ref sumW, ref prevY, ref last, px, py,
                    1.0))
            {
                _overflowed = true;
                return false;
            }
            i++;
        }
        (_cur, _merging, _sumWy, _sumW, _prevY, _last) = (cur, merging, sumWy, sumW, prevY, last);
        return true;
    }

    /// <summary>
    /// scikit-learn's end of a merge: the merge's mean goes to block <paramref name="cur"/>, and while the block before
    /// is not below it, that block opens a merge absorbing it, which then absorbs point (px, py, pw) if the block
    /// absorbed is not below the point. True when it did: that merge stays open, and the caller goes on with it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool CloseAndStepBack(Span<double> sy, Span<double> sw, Span<double> sl, ref int cur,
        ref double sumWy, ref double sumW, ref double prevY, ref double last, double px, double py, double pw)
    {
        while (true)
        {
            sy[cur] = sumWy / sumW; sw[cur] = sumW; sl[cur] = last;
            if (cur == 0 || sy[cur - 1] < sy[cur]) return false;
            sumWy = sw[cur - 1] * sy[cur - 1]; sumW = sw[cur - 1];
            prevY = sy[cur]; sumWy += sw[cur] * sy[cur]; sumW += sw[cur]; last = sl[cur];
            cur--;
            if (prevY >= py)
            {
                prevY = py; sumWy += pw * py; sumW += pw; last = px;
                return true;
            }
        }
    }

    /// <summary>
    /// Point (px, py, pw) with no merge open: a block of its own when the last block is below it, else a merge of
    /// that block and the point. False when a new block does not fit the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool PushOrOpen(Span<double> sy, Span<double> sw, Span<double> sf, Span<double> sl, ref int cur,
        ref bool merging, ref double sumWy, ref double sumW, ref double prevY, ref double last, double px, double py,
        double pw)
    {
        if (cur < 0 || sy[cur] < py)
        {
            if (++cur == _capacity) return false;
            sy[cur] = py; sw[cur] = pw; sf[cur] = px; sl[cur] = px;
            return true;
        }
        sumWy = sw[cur] * sy[cur]; sumW = sw[cur];
        prevY = py; sumWy += pw * py; sumW += pw; last = px;
        merging = true;
        return true;
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
        c.Clip(value);
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
