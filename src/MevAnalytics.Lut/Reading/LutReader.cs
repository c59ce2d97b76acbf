using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

[module: SkipLocalsInit]

namespace MevAnalytics.Lut;

/// <summary>
/// Zero-copy, allocation-free lookups over a validated LUT held in any span (a memory map, a byte array).
/// Validation happens once in <see cref="Open"/> (or when a <see cref="LutFile"/> opens); lookups then hash the key
/// into the key index (or, in files written without one, binary-search the string table) and read fields in place.
/// </summary>
public readonly ref struct LutReader
{
    private readonly ReadOnlySpan<byte> _file;
    private readonly ReadOnlySpan<byte> _strings;
    private readonly ReadOnlySpan<byte> _segments;
    private readonly ReadOnlySpan<byte> _grid;
    private readonly ReadOnlySpan<byte> _knots;
    private readonly ReadOnlySpan<byte> _arms;
    private readonly ReadOnlySpan<byte> _latency;
    private readonly ReadOnlySpan<byte> _phases;
    private readonly ReadOnlySpan<byte> _hedges;
    private readonly ReadOnlySpan<byte> _keyIndex;
    private readonly int _keyIndexShift;
    private readonly int _stringCount;
    private readonly int _starSegment;
    private readonly int _evStarSegment;
    private readonly int _starString;

    internal LutReader(ReadOnlySpan<byte> file, LutSectionMap layout)
    {
        _file = file;
        _strings = layout.Strings.Of(file);
        _segments = layout.Segments.Of(file);
        _grid = layout.Grid.Of(file);
        _knots = layout.Knots.Of(file);
        _arms = layout.Arms.Of(file);
        _latency = layout.Latency.Of(file);
        _phases = layout.Phases.Of(file);
        _hedges = layout.Hedges.Of(file);
        _keyIndex = layout.KeyIndex.Of(file);
        _keyIndexShift = layout.KeyIndexShift;
        _stringCount = layout.Strings.Rows;
        _starSegment = layout.StarSegment;
        _evStarSegment = layout.EvStarSegment;
        _starString = layout.StarString;
    }

    /// <summary>Validates <paramref name="file"/> and returns a reader over it.</summary>
    /// <exception cref="LutFormatException">The bytes are not a valid format-1 LUT.</exception>
    public static LutReader Open(ReadOnlySpan<byte> file) => new(file, LutValidator.Validate(file));

    // ---- header and directory ------------------------------------------------------------------

    /// <summary>Format version (1).</summary>
    public int FormatVersion => U16(_file, LutFormat.OffVersion);

    /// <summary>Stored XXH64 checksum of bytes [16, end).</summary>
    public ulong Checksum => U64(_file, LutFormat.OffChecksum);

    /// <summary>Header flags (none defined in version 1).</summary>
    public uint Flags => U32(_file, LutFormat.OffFlags);

    /// <summary>File size in bytes.</summary>
    public int Length => _file.Length;

    /// <summary>Decodes the header (allocates the strings).</summary>
    public LutHeader ReadHeader() => new(
        (LutTableKind)U16(_file, LutFormat.OffTableKind),
        I64(_file, LutFormat.OffCreatedAt),
        I64(_file, LutFormat.OffWindowFrom),
        I64(_file, LutFormat.OffWindowTo),
        (long)U64(_file, LutFormat.OffRowsUsed),
        Encoding.UTF8.GetString(StringAt((int)U32(_file, LutFormat.OffProducerJob))),
        Encoding.UTF8.GetString(StringAt((int)U32(_file, LutFormat.OffGitRevision))));

    /// <summary>Directory entries, including kinds this reader skips.</summary>
    public int SectionCount => (int)U32(_file, LutFormat.OffSectionCount);

    /// <summary>Directory entry i.</summary>
    public LutSectionInfo Section(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, SectionCount);
        int e = LutFormat.HeaderSize + i * L.Directory.Size;
        return new((LutSectionKind)U32(_file, e + L.Directory.Kind), U32(_file, e + L.Directory.ElementSize),
            (long)U64(_file, e + L.Directory.Offset), (long)U64(_file, e + L.Directory.Length), U32(_file, e + L.Directory.RowCount));
    }

    /// <summary>Strings in the table.</summary>
    public int StringCount => _stringCount;

    /// <summary>String i (UTF-8).</summary>
    public ReadOnlySpan<byte> StringAt(int id)
    {
        if ((uint)id >= (uint)_stringCount) throw new ArgumentOutOfRangeException(nameof(id));
        return LutLookup.StringAt(_strings, id);
    }

    /// <summary>String id of a UTF-8 key, or -1.</summary>
    public int FindString(scoped ReadOnlySpan<byte> keyUtf8)
    {
        if (_keyIndex.IsEmpty) return LutLookup.FindString(_strings, _stringCount, keyUtf8);
        int slot = LutLookup.ProbeKeyIndex(_keyIndex, _keyIndexShift, _strings, keyUtf8);
        return slot < 0 ? -1 : (int)U32(_keyIndex, slot * L.KeySlot.Size + L.KeySlot.StringId);
    }

    /// <summary>True when the file has a key index (kind 9); without one, key lookups binary-search the string
    /// table.</summary>
    public bool HasKeyIndex => !_keyIndex.IsEmpty;

    // ---- calibration ---------------------------------------------------------------------------

    /// <summary>Calibration segments in the file.</summary>
    public int SegmentCount => _segments.Length / L.Segment.Size;

    /// <summary>Segment i as stored (may be fallback-only).</summary>
    public CalibrationCurveView SegmentAt(int index)
    {
        if ((uint)index >= (uint)SegmentCount) throw new ArgumentOutOfRangeException(nameof(index));
        var record = _segments.Slice(index * L.Segment.Size, L.Segment.Size);
        return new CalibrationCurveView(index, record, _grid, _knots, LutLookup.StringAt(_strings, (int)U32(record, L.Segment.Key)));
    }

    /// <summary>
    /// The curve used for <paramref name="segmentUtf8"/> (spec section 6): the segment itself if it has a grid, else
    /// its parent chain; failing that, for a key starting with "ev:" the key cut at its last '/' (repeatedly), then "ev:*";
    /// for any other key the "*" chain. An "ev:" key never falls back to a p_land curve. False when nothing applies.
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
        if (_keyIndex.IsEmpty) return LutLookup.OwnCurve(_strings, _stringCount, _segments, key);
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
    /// out CalibrationCurveView)"/>
    /// does (a probability for p_land keys, SOL for "ev:" keys); false if no curve applies. The hot path by key:
    /// one key-index probe and the grid interpolation, without building a view.
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
        value = InterpolateSegment(s, score);
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
                value = InterpolateSegment((int)s, score);
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

    /// <summary>
    /// Spec section 6 lookup on segment <paramref name="s"/>, which must be a resolution result (a segment with a grid
    /// of at least 2 values, inside the grid section: both proven at open), so the reads are unchecked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double InterpolateSegment(int s, double score)
    {
        ref byte r = ref Unsafe.Add(ref MemoryMarshal.GetReference(_segments), (nint)s * L.Segment.Size);
        nint gridStart = (nint)U32Unchecked(ref r, L.Segment.GridStart) * L.GridValue.Size;
        ref byte grid = ref Unsafe.Add(ref MemoryMarshal.GetReference(_grid), gridStart);
        int last = (int)U32Unchecked(ref r, L.Segment.GridCount) - 1;
        double t = (score - F64Unchecked(ref r, L.Segment.XMin)) * F64Unchecked(ref r, L.Segment.Scale);
        if (!(t > 0)) return F32Unchecked(ref grid, 0);
        if (t >= last) return F32Unchecked(ref grid, (nint)last * L.GridValue.Size);
        int i = (int)t;
        double f = t - i;
        double g0 = F32Unchecked(ref grid, (nint)i * L.GridValue.Size);
        double g1 = F32Unchecked(ref grid, (nint)(i + 1) * L.GridValue.Size);
        return g0 + (g1 - g0) * f;
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
        for (int i = 0; i < scores.Length; i++) results[i] = InterpolateSegment(s, scores[i]);
    }

    /// <inheritdoc cref="Calibrate(ReadOnlySpan{char}, double)"/>
    public double Calibrate(scoped ReadOnlySpan<byte> segmentUtf8, double score) =>
        TryCalibrate(segmentUtf8, score, out double value) ? value : ThrowNoCurve(Encoding.UTF8.GetString(segmentUtf8));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double ThrowNoCurve(ReadOnlySpan<char> key) => throw NotFound("calibration segment", key);

    // ---- bandit arms ---------------------------------------------------------------------------

    /// <summary>Arm rows in the file.</summary>
    public int ArmCount => _arms.Length / L.Arm.Size;

    /// <summary>Arm row i.</summary>
    public BanditArmView ArmAt(int index)
    {
        if ((uint)index >= (uint)ArmCount) throw new ArgumentOutOfRangeException(nameof(index));
        var r = _arms.Slice(index * L.Arm.Size, L.Arm.Size);
        uint group = U32(r, L.Arm.LeaderGroup);
        return new BanditArmView(r, LutLookup.StringAt(_strings, (int)U32(r, L.Arm.Route)),
            group == LutFormat.None ? default : LutLookup.StringAt(_strings, (int)group));
    }

    /// <summary>The arm row for (route, arm, leader group); falls back to the route-wide row when the group has
    /// none.</summary>
    public bool TryGetArm(ReadOnlySpan<char> route, int arm, ReadOnlySpan<char> leaderGroup, out BanditArmView view)
    {
        Span<byte> routeKey = stackalloc byte[LutFormat.MaxStringBytes];
        Span<byte> groupKey = stackalloc byte[LutFormat.MaxStringBytes];
        int routeId = FindString(Utf8Key(route, routeKey));
        view = default;
        if (routeId < 0 || arm < 0) return false;
        int row = -1;
        if (!leaderGroup.IsEmpty)
        {
            int groupId = FindString(Utf8Key(leaderGroup, groupKey));
            if (groupId >= 0) row = LutLookup.FindByKey3(_arms, L.Arm.Size, (uint)routeId, (uint)arm, (uint)groupId);
        }
        if (row < 0) row = LutLookup.FindByKey3(_arms, L.Arm.Size, (uint)routeId, (uint)arm, LutFormat.None);
        if (row < 0) return false;
        view = ArmAt(row);
        return true;
    }

    /// <summary>The route-wide arm row for (route, arm).</summary>
    public bool TryGetArm(ReadOnlySpan<char> route, int arm, out BanditArmView view) => TryGetArm(route, arm, default, out view);

    /// <summary>The route-wide arm row for (route, arm).</summary>
    /// <exception cref="KeyNotFoundException">No such row.</exception>
    public BanditArmView Arm(ReadOnlySpan<char> route, int arm) =>
        TryGetArm(route, arm, default, out var v) ? v : throw NotFound("bandit arm", $"{route}/{arm}");

    // ---- latency -------------------------------------------------------------------------------

    /// <summary>Latency rows in the file.</summary>
    public int LatencyCount => _latency.Length / L.Latency.Size;

    /// <summary>Latency row i.</summary>
    public LatencyQuantilesView LatencyAt(int index)
    {
        if ((uint)index >= (uint)LatencyCount) throw new ArgumentOutOfRangeException(nameof(index));
        var r = _latency.Slice(index * L.Latency.Size, L.Latency.Size);
        return new LatencyQuantilesView(r, LutLookup.StringAt(_strings, (int)U32(r, L.Latency.Route)),
            LutLookup.StringAt(_strings, (int)U32(r, L.Latency.Endpoint)));
    }

    /// <summary>Exact (route, endpoint) lookup.</summary>
    public bool TryGetLatency(ReadOnlySpan<char> route, ReadOnlySpan<char> endpoint, out LatencyQuantilesView view)
    {
        Span<byte> routeKey = stackalloc byte[LutFormat.MaxStringBytes];
        Span<byte> endpointKey = stackalloc byte[LutFormat.MaxStringBytes];
        int routeId = FindString(Utf8Key(route, routeKey));
        int endpointId = routeId < 0 ? -1 : FindString(Utf8Key(endpoint, endpointKey));
        int row = endpointId < 0 ? -1 : LutLookup.FindByKey2(_latency, L.Latency.Size, (uint)routeId, (uint)endpointId);
        view = row < 0 ? default : LatencyAt(row);
        return row >= 0;
    }

    /// <summary>Exact (route, endpoint) lookup.</summary>
    /// <exception cref="KeyNotFoundException">No such row.</exception>
    public LatencyQuantilesView Latency(ReadOnlySpan<char> route, ReadOnlySpan<char> endpoint) =>
        TryGetLatency(route, endpoint, out var v) ? v : throw NotFound("latency", $"{route}/{endpoint}");

    // ---- phase ---------------------------------------------------------------------------------

    /// <summary>Phase rows in the file.</summary>
    public int PhaseCount => _phases.Length / L.Phase.Size;

    /// <summary>Phase row i.</summary>
    public PhaseOffsetView PhaseAt(int index)
    {
        if ((uint)index >= (uint)PhaseCount) throw new ArgumentOutOfRangeException(nameof(index));
        var r = _phases.Slice(index * L.Phase.Size, L.Phase.Size);
        return new PhaseOffsetView(r, LutLookup.StringAt(_strings, (int)U32(r, L.Phase.Leader)));
    }

    /// <summary>The leader's row, else the "*" row.</summary>
    public bool TryGetPhase(ReadOnlySpan<char> leader, out PhaseOffsetView view)
    {
        Span<byte> key = stackalloc byte[LutFormat.MaxStringBytes];
        int id = FindString(Utf8Key(leader, key));
        int row = id < 0 ? -1 : LutLookup.FindByKey(_phases, L.Phase.Size, (uint)id);
        if (row < 0 && _starString >= 0) row = LutLookup.FindByKey(_phases, L.Phase.Size, (uint)_starString);
        view = row < 0 ? default : PhaseAt(row);
        return row >= 0;
    }

    /// <summary>The leader's row, else the "*" row.</summary>
    /// <exception cref="KeyNotFoundException">Neither exists.</exception>
    public PhaseOffsetView Phase(ReadOnlySpan<char> leader) =>
        TryGetPhase(leader, out var v) ? v : throw NotFound("phase leader", leader);

    // ---- route hedges -------------------------------------------------------------------------

    /// <summary>Route hedge rows in the file (0 when the section is absent).</summary>
    public int RouteHedgeCount => _hedges.Length / L.RouteHedge.Size;

    /// <summary>Route hedge row i.</summary>
    public RouteHedgeView RouteHedgeAt(int index)
    {
        if ((uint)index >= (uint)RouteHedgeCount) throw new ArgumentOutOfRangeException(nameof(index));
        var r = _hedges.Slice(index * L.RouteHedge.Size, L.RouteHedge.Size);
        return new RouteHedgeView(r, LutLookup.StringAt(_strings, (int)U32(r, L.RouteHedge.Route)));
    }

    /// <summary>Exact route lookup; no fallback (a route without a row has no hedge suggestion).</summary>
    public bool TryGetRouteHedge(ReadOnlySpan<char> route, out RouteHedgeView view)
    {
        Span<byte> key = stackalloc byte[LutFormat.MaxStringBytes];
        int id = FindString(Utf8Key(route, key));
        int row = id < 0 ? -1 : LutLookup.FindByKey(_hedges, L.RouteHedge.Size, (uint)id);
        view = row < 0 ? default : RouteHedgeAt(row);
        return row >= 0;
    }

    /// <summary>Exact route lookup.</summary>
    /// <exception cref="KeyNotFoundException">No row for the route.</exception>
    public RouteHedgeView RouteHedge(ReadOnlySpan<char> route) =>
        TryGetRouteHedge(route, out var v) ? v : throw NotFound("route hedge", route);

    // ---- helpers -------------------------------------------------------------------------------

    /// <summary>UTF-8 of a key; a key longer than any stored string yields an impossible key (a lone 0xFF
    /// byte).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Utf8Key(ReadOnlySpan<char> key, Span<byte> buffer)
    {
        // Keys are almost always ASCII: the vectorized narrowing is several times cheaper than the general transcoder.
        if (key.Length <= buffer.Length && System.Text.Ascii.FromUtf16(key, buffer, out int ascii) == System.Buffers.OperationStatus.Done)
            return buffer[..ascii];
        var status = Utf8.FromUtf16(key, buffer, out _, out int written, replaceInvalidSequences: true);
        return status == System.Buffers.OperationStatus.Done ? buffer[..written] : ImpossibleKey;
    }

    private static ReadOnlySpan<byte> ImpossibleKey => [0xFF];

    private static KeyNotFoundException NotFound(string what, ReadOnlySpan<char> key) => new($"{what} '{key}' is not in the table");
}
