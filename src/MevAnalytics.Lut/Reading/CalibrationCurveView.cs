using System.Runtime.CompilerServices;
using System.Text;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>Zero-copy view of one calibration segment: its record, grid and knots inside the file.</summary>
public readonly ref struct CalibrationCurveView
{
    private readonly ReadOnlySpan<byte> _record;
    private readonly ReadOnlySpan<byte> _grid;
    private readonly ReadOnlySpan<byte> _knots;
    private readonly double _xMin;
    private readonly double _scale;
    private readonly int _last;

    internal CalibrationCurveView(int index, ReadOnlySpan<byte> record, ReadOnlySpan<byte> gridSection, ReadOnlySpan<byte> knotSection, ReadOnlySpan<byte> key)
    {
        Index = index;
        KeyUtf8 = key;
        _record = record;
        int gridCount = (int)U32(record, L.Segment.GridCount);
        _grid = gridSection.Slice((int)U32(record, L.Segment.GridStart) * L.GridValue.Size, gridCount * L.GridValue.Size);
        _knots = knotSection.Slice((int)U32(record, L.Segment.KnotStart) * L.Knot.Size, (int)U32(record, L.Segment.KnotCount) * L.Knot.Size);
        _xMin = F64(record, L.Segment.XMin);
        _scale = F64(record, L.Segment.Scale);
        _last = gridCount - 1;
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

    /// <summary>Lowest grid score.</summary>
    public double XMin => _xMin;

    /// <summary>Highest grid score.</summary>
    public double XMax => F64(_record, L.Segment.XMax);

    /// <summary>(G - 1) / (XMax - XMin) as stored.</summary>
    public double Scale => _scale;

    /// <summary>Grid points G (0 for a fallback-only segment).</summary>
    public int GridCount => _last + 1;

    /// <summary>False for a fallback-only segment.</summary>
    public bool HasCurve => _last >= 1;

    /// <summary>Grid value i.</summary>
    public float GridValue(int i) => F32(_grid, i * L.GridValue.Size);

    /// <summary>Score of grid point i.</summary>
    public double GridX(int i) => _xMin + (XMax - _xMin) * i / _last;

    /// <summary>Number of exact knots.</summary>
    public int KnotCount => _knots.Length / L.Knot.Size;

    /// <summary>Knot i.</summary>
    public CalibrationKnot Knot(int i) => new(F64(_knots, i * L.Knot.Size + L.Knot.X), F64(_knots, i * L.Knot.Size + L.Knot.Y));

    /// <summary>O(1) interpolated grid lookup with clipping (spec section 6); NaN scores give the first
    /// value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Calibrate(double score)
    {
        if (_last < 1) ThrowNoCurve();
        return Interpolate(_grid, _xMin, _scale, score);
    }

    /// <summary>Spec section 6 over one segment's grid (at least 2 values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Interpolate(ReadOnlySpan<byte> grid, double xMin, double scale, double score)
    {
        int last = grid.Length / L.GridValue.Size - 1;
        double t = (score - xMin) * scale;
        if (!(t > 0)) return F32(grid, 0);
        if (t >= last) return F32(grid, last * L.GridValue.Size);
        int i = (int)t;
        double f = t - i;
        double g0 = F32(grid, i * L.GridValue.Size);
        double g1 = F32(grid, (i + 1) * L.GridValue.Size);
        return g0 + (g1 - g0) * f;
    }

    private static void ThrowNoCurve() => throw new InvalidOperationException("segment is fallback-only (no grid); resolve it through LutReader.TryGetCurve");
}
