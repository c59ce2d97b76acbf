using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>
/// Zero-copy view of one calibration segment: its record, its knots and its lookup structure inside the file (format
/// 2: the bucket index over its knots; format 1: the f32 grid the curve was sampled on).
/// </summary>
public readonly ref struct CalibrationCurveView
{
    private readonly ReadOnlySpan<byte> _record;
    private readonly ReadOnlySpan<byte> _lookup;
    private readonly ReadOnlySpan<byte> _knots;
    private readonly ushort _version;

    internal CalibrationCurveView(int index, ReadOnlySpan<byte> record, ReadOnlySpan<byte> lookupSection,
        ReadOnlySpan<byte> knotSection, ReadOnlySpan<byte> key, ushort version)
    {
        Index = index;
        KeyUtf8 = key;
        _record = record;
        _version = version;
        int knotSize = version == LutFormat.GridVersion ? L.Knot.Size : L.SlopedKnot.Size;
        int lookupSize = version == LutFormat.GridVersion ? L.GridValue.Size : L.Bucket.Size;
        _lookup = lookupSection.Slice((int)U32(record, L.Segment.BucketStart) * lookupSize,
            (int)U32(record, L.Segment.BucketCount) * lookupSize);
        _knots = knotSection.Slice((int)U32(record, L.Segment.KnotStart) * knotSize,
            (int)U32(record, L.Segment.KnotCount) * knotSize);
    }

    /// <summary>Row index in the segments section.</summary>
    public int Index { get; }

    /// <summary>Segment key as stored (UTF-8).</summary>
    public ReadOnlySpan<byte> KeyUtf8 { get; }

    /// <summary>Segment key (allocates).</summary>
    public string Key => Encoding.UTF8.GetString(KeyUtf8);

    /// <summary>Row index of the fallback parent, or -1.</summary>
    public int ParentIndex => U32(_record, L.Segment.Parent) is var p && p == LutFormat.None ? -1 : (int)p;

    /// <summary>Rows the fit used.</summary>
    public long SampleCount => (long)U64(_record, L.Segment.SampleCount);

    /// <summary>Lowest score of the curve (format 2: its first knot); lower scores read the first value.</summary>
    public double XMin => F64(_record, L.Segment.XMin);

    /// <summary>Highest score of the curve (format 2: its last knot); higher scores read the last value.</summary>
    public double XMax => F64(_record, L.Segment.XMax);

    /// <summary>Score to grid index (format 1, (G - 1) / range) or to bucket (format 2, B / range), as
    /// stored.</summary>
    public double Scale => F64(_record, L.Segment.Scale);

    /// <summary>False for a fallback-only segment.</summary>
    public bool HasCurve => LutLookup.HasCurve(_record, _version);

    /// <summary>Format 1: f32 grid values (G); format 2: 0.</summary>
    public int GridCount => _version == LutFormat.GridVersion ? _lookup.Length / L.GridValue.Size : 0;

    /// <summary>Format 2: buckets of the index (B); format 1: 0.</summary>
    public int BucketCount => _version == LutFormat.GridVersion ? 0 : _lookup.Length / L.Bucket.Size;

    /// <summary>Grid value i (format 1).</summary>
    public float GridValue(int i) => F32(_lookup, i * L.GridValue.Size);

    /// <summary>Knot the bucket index points bucket <paramref name="b"/> at (format 2).</summary>
    public int BucketKnot(int b) => (int)U32(_lookup, b * L.Bucket.Size);

    /// <summary>Number of knots.</summary>
    public int KnotCount => _knots.Length / KnotSize;

    /// <summary>Knot i.</summary>
    public CalibrationKnot Knot(int i) =>
        new(F64(_knots, i * KnotSize + L.Knot.X), F64(_knots, i * KnotSize + L.Knot.Y));

    /// <summary>Format 2: the stored slope from knot i to knot i + 1 (0 at the last knot).</summary>
    public double Slope(int i) => _version == LutFormat.GridVersion ? double.NaN
        : F64(_knots, i * L.SlopedKnot.Size + L.SlopedKnot.Slope);

    /// <summary>Scores where the curve's slope can change: the knots (format 2) or the grid points (format 1). Between
    /// two of them the lookup is linear, so comparisons of curves only need these points.</summary>
    public int BreakpointCount => _version == LutFormat.GridVersion ? GridCount : KnotCount;

    /// <summary>Breakpoint i (see <see cref="BreakpointCount"/>).</summary>
    public double Breakpoint(int i) => _version == LutFormat.GridVersion
        ? XMin + (XMax - XMin) * i / (GridCount - 1)
        : Knot(i).X;

    /// <summary>The calibrated value of <paramref name="score"/> (spec section 6): the knots' interpolation, equal to
    /// the fit (format 2), or the grid's (format 1); clipped outside [XMin, XMax]; NaN reads the first value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Calibrate(double score)
    {
        if (!HasCurve) ThrowNoCurve();
        // The view's spans are the segment's own, validated with the file: the shared lookup reads them unchecked.
        ref byte record = ref MemoryMarshal.GetReference(_record);
        return _version == LutFormat.GridVersion
            ? CurveLookup.OnGrid(ref record, ref MemoryMarshal.GetReference(_lookup), score)
            : CurveLookup.OnKnots(ref record, ref MemoryMarshal.GetReference(_knots),
                ref MemoryMarshal.GetReference(_lookup), score);
    }

    private int KnotSize => _version == LutFormat.GridVersion ? L.Knot.Size : L.SlopedKnot.Size;

    private static void ThrowNoCurve() => throw new InvalidOperationException(
        "segment is fallback-only (no curve); resolve it through LutReader.TryGetCurve");
}
