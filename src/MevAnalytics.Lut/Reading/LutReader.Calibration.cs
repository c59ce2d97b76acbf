using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

public readonly ref partial struct LutReader
{
    /// <summary>Calibration segments in the file (kind 2).</summary>
    public int SegmentCount => _segments.Length / L.Segment.Size;

    /// <summary>Segment i as stored (may be fallback-only).</summary>
    public CalibrationCurveView SegmentAt(int index)
    {
        if ((uint)index >= (uint)SegmentCount) throw new ArgumentOutOfRangeException(nameof(index));
        var record = _segments.Slice(index * L.Segment.Size, L.Segment.Size);
        return new CalibrationCurveView(index, record, _lookup, _knots,
            LutLookup.StringAt(_strings, (int)U32(record, L.Segment.Key)), _version);
    }

    /// <summary>
    /// The curve used for <paramref name="segmentUtf8"/> (spec section 6): the segment itself if it has a curve, else
    /// its parent chain; failing that, for a key starting with "ev:" the key cut at its last '/' (repeatedly), then
    /// "ev:*"; for any other key the "*" chain. An "ev:" key never falls back to a p_land curve. False when nothing
    /// applies.
    /// </summary>
    public bool TryGetCurve(scoped ReadOnlySpan<byte> segmentUtf8, out CalibrationCurveView curve)
    {
        int s = Resolve(segmentUtf8);
        if (s < 0)
        {
            curve = default;
            return false;
        }
        curve = SegmentAt(s);
        return true;
    }

    /// <inheritdoc cref="TryGetCurve(ReadOnlySpan{byte}, out CalibrationCurveView)"/>
    public bool TryGetCurve(ReadOnlySpan<char> segment, out CalibrationCurveView curve)
    {
        Span<byte> key = stackalloc byte[LutFormat.MaxStringBytes];
        return TryGetCurve(Utf8Key(segment, key), out curve);
    }

    /// <summary>The segment whose curve serves the key (its own resolution, else its fallback), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Resolve(scoped ReadOnlySpan<byte> key)
    {
        int s = OwnCurve(key);
        return s >= 0 ? s : FallbackCurve(key);
    }

    /// <summary>The key's own resolution (its segment, then its parents), or -1: one probe of the key index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int OwnCurve(scoped ReadOnlySpan<byte> key)
    {
        if (_keyIndex.IsEmpty) return LutLookup.OwnCurve(_strings, _stringCount, _segments, key, _version);
        int slot = LutLookup.ProbeKeyIndex(_keyIndex, _keyIndexShift, _strings, key);
        return slot < 0 ? -1 : (int)U32(_keyIndex, slot * L.KeySlot.Size + L.KeySlot.Curve);
    }

    private int FallbackCurve(scoped ReadOnlySpan<byte> key)
    {
        if (!key.StartsWith("ev:"u8)) return _starSegment;
        for (int cut = key.LastIndexOf((byte)'/'); cut >= 3; cut = key.LastIndexOf((byte)'/'))
        {
            key = key[..cut];
            int s = OwnCurve(key);
            if (s >= 0) return s;
        }
        return _evStarSegment;
    }

    /// <summary>
    /// Calibrated value of <paramref name="score"/> for a key, resolved as <see cref="TryGetCurve(ReadOnlySpan{byte},
    /// out CalibrationCurveView)"/> does (a probability for p_land keys, SOL for "ev:" keys); false if no curve
    /// applies. The hot path by key: one key-index probe and the curve's lookup, without building a view.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryCalibrate(scoped ReadOnlySpan<byte> segmentUtf8, double score, out double value)
    {
        int s = Resolve(segmentUtf8);
        if (s < 0)
        {
            value = 0;
            return false;
        }
        value = LookUp(s, score);
        return true;
    }

    /// <inheritdoc cref="TryCalibrate(ReadOnlySpan{byte}, double, out double)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryCalibrate(ReadOnlySpan<char> segment, double score, out double value)
    {
        // An ASCII key with its own curve (the common case) is hashed and compared as chars: no transcoding.
        if (!_keyIndex.IsEmpty && LutKeyHash.TryOfAscii(segment, out ulong hash))
        {
            int slot = LutLookup.ProbeKeyIndexAscii(_keyIndex, _keyIndexShift, _strings, segment, hash);
            uint s = slot < 0 ? LutFormat.None : U32(_keyIndex, slot * L.KeySlot.Size + L.KeySlot.Curve);
            if (s != LutFormat.None)
            {
                value = LookUp((int)s, score);
                return true;
            }
        }
        return TryCalibrateTranscoded(segment, score, out value);
    }

    /// <summary>Fallbacks, non-ASCII keys and files without an index: transcode, then the UTF-8 path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryCalibrateTranscoded(ReadOnlySpan<char> segment, double score, out double value)
    {
        Span<byte> key = stackalloc byte[LutFormat.MaxStringBytes];
        return TryCalibrate(Utf8Key(segment, key), score, out value);
    }

    /// <summary>Calibrated value of <paramref name="score"/> for a key (with fallback).</summary>
    /// <exception cref="KeyNotFoundException">No curve applies: neither the key, its parents nor its fallback ("*", or
    /// "ev:*" for "ev:" keys).</exception>
    public double Calibrate(ReadOnlySpan<char> segment, double score) =>
        TryCalibrate(segment, score, out double value) ? value : ThrowNoCurve(segment);

    /// <summary>
    /// Calibrated values of a run of <paramref name="scores"/> for one key (with fallback) into
    /// <paramref name="results"/>: the key resolved once, each value as <see cref="Calibrate(ReadOnlySpan{char},
    /// double)"/> gives it. For offline scoring of many rows per segment; the runtime looks up one score at a time.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No curve applies (as for one score).</exception>
    /// <exception cref="ArgumentException"><paramref name="results"/> is shorter than <paramref name="scores"/>.
    /// </exception>
    public void Calibrate(ReadOnlySpan<char> segment, ReadOnlySpan<double> scores, Span<double> results)
    {
        if (results.Length < scores.Length)
            throw new ArgumentException($"results holds {results.Length} values for {scores.Length} scores",
                nameof(results));
        if (scores.IsEmpty) return;
        Span<byte> key = stackalloc byte[LutFormat.MaxStringBytes];
        int s = Resolve(Utf8Key(segment, key));
        if (s < 0) ThrowNoCurve(segment);
        for (int i = 0; i < scores.Length; i++) results[i] = LookUp(s, scores[i]);
    }

    /// <inheritdoc cref="Calibrate(ReadOnlySpan{char}, double)"/>
    public double Calibrate(scoped ReadOnlySpan<byte> segmentUtf8, double score) =>
        TryCalibrate(segmentUtf8, score, out double value)
            ? value
            : ThrowNoCurve(Encoding.UTF8.GetString(segmentUtf8));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double ThrowNoCurve(ReadOnlySpan<char> key) => throw NotFound("calibration segment", key);

    /// <summary>Spec section 6 on segment <paramref name="s"/>, a resolution result (a segment with a curve whose
    /// knots, index or grid the validator proved inside their sections).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double LookUp(int s, double score)
    {
        ref byte r = ref Unsafe.Add(ref MemoryMarshal.GetReference(_segments), (nint)s * L.Segment.Size);
        ref byte lookup = ref MemoryMarshal.GetReference(_lookup);
        if (_version == LutFormat.GridVersion)
            return CurveLookup.OnGrid(ref r,
                ref Unsafe.Add(ref lookup, (nint)U32Unchecked(ref r, L.Segment.GridStart) * L.GridValue.Size), score);
        return CurveLookup.OnKnots(ref r,
            ref Unsafe.Add(ref MemoryMarshal.GetReference(_knots),
                (nint)U32Unchecked(ref r, L.Segment.KnotStart) * L.SlopedKnot.Size),
            ref Unsafe.Add(ref lookup, (nint)U32Unchecked(ref r, L.Segment.BucketStart) * L.Bucket.Size), score);
    }
}
