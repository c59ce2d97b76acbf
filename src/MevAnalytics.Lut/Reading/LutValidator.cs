using System.IO.Hashing;
using System.Text.Unicode;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>Checks every rule of docs/lut-format.md once, in the documented order, and returns the layout.</summary>
internal static class LutValidator
{
    private static LutFormatException Fail(LutFormatError reason, string message) => new(reason, message);

    public static LutSectionMap Validate(ReadOnlySpan<byte> f)
    {
        if (f.Length < LutFormat.HeaderSize)
            throw Fail(LutFormatError.Truncated, $"file is {f.Length} bytes; the header alone is {LutFormat.HeaderSize}");
        if (!f[..8].SequenceEqual(LutFormat.Magic))
            throw Fail(LutFormatError.BadMagic, $"magic is {Convert.ToHexString(f[..8])}, expected {Convert.ToHexString(LutFormat.Magic)}");
        ushort version = U16(f, LutFormat.OffVersion);
        if (version != LutFormat.Version)
            throw Fail(LutFormatError.UnsupportedVersion, $"format_version is {version}; this reader knows {LutFormat.Version}");
        ushort headerSize = U16(f, LutFormat.OffHeaderSize);
        if (headerSize != LutFormat.HeaderSize)
            throw Fail(LutFormatError.BadHeader, $"header_size is {headerSize}, expected {LutFormat.HeaderSize}");
        ulong fileLength = U64(f, LutFormat.OffFileLength);
        if (fileLength != (ulong)f.Length)
            throw Fail(LutFormatError.LengthMismatch, $"file_length is {fileLength} but the file is {f.Length} bytes");
        ulong stored = U64(f, LutFormat.OffChecksum);
        ulong computed = XxHash64.HashToUInt64(f[LutFormat.ChecksumStart..]);
        if (stored != computed)
            throw Fail(LutFormatError.ChecksumMismatch, $"checksum is {stored:X16}, computed {computed:X16}");
        uint directoryOffset = U32(f, LutFormat.OffDirectoryOffset);
        if (directoryOffset != LutFormat.HeaderSize)
            throw Fail(LutFormatError.BadHeader, $"directory_offset is {directoryOffset}, expected {LutFormat.HeaderSize}");
        uint sectionCount = U32(f, LutFormat.OffSectionCount);
        if (sectionCount is 0 or > LutFormat.MaxSections)
            throw Fail(LutFormatError.BadHeader, $"section_count is {sectionCount}; allowed 1..{LutFormat.MaxSections}");
        long windowFrom = I64(f, LutFormat.OffWindowFrom), windowTo = I64(f, LutFormat.OffWindowTo);
        if (windowTo < windowFrom)
            throw Fail(LutFormatError.BadHeader, $"window_to_unix_ms {windowTo} is before window_from_unix_ms {windowFrom}");
        long directoryEnd = LutFormat.HeaderSize + (long)LutFormat.DirectoryEntrySize * sectionCount;
        if (directoryEnd > f.Length)
            throw Fail(LutFormatError.Truncated, $"directory of {sectionCount} entries ends at {directoryEnd}, past the file end {f.Length}");

        const int kinds = (int)LutFormat.LastKnownKind + 1;
        Span<SectionSlice> known = stackalloc SectionSlice[kinds];
        known.Clear(); // SkipLocalsInit: absent sections must read as empty
        Span<bool> seen = stackalloc bool[kinds];
        seen.Clear();
        long previousEnd = directoryEnd;
        for (int i = 0; i < sectionCount; i++)
        {
            int e = LutFormat.HeaderSize + i * LutFormat.DirectoryEntrySize;
            uint kind = U32(f, e + L.Directory.Kind);
            uint elementSize = U32(f, e + L.Directory.ElementSize);
            ulong offset = U64(f, e + L.Directory.Offset);
            ulong length = U64(f, e + L.Directory.Length);
            uint rows = U32(f, e + L.Directory.RowCount);
            if (offset % LutFormat.SectionAlignment != 0)
                throw Fail(LutFormatError.BadSectionPlacement, $"section {i} (kind {kind}): offset {offset} is not a multiple of {LutFormat.SectionAlignment}");
            if (offset > (ulong)f.Length || length > (ulong)f.Length - offset)
                throw Fail(LutFormatError.SectionOutOfRange, $"section {i} (kind {kind}): offset {offset} + length {length} is past the file end {f.Length}");
            if ((long)offset < previousEnd)
                throw Fail(LutFormatError.BadSectionPlacement, $"section {i} (kind {kind}): offset {offset} overlaps the directory or the previous section (ends at {previousEnd})");
            previousEnd = (long)(offset + length);
            if (!LutFormat.IsKnown(kind)) continue;
            if (seen[(int)kind])
                throw Fail(LutFormatError.DuplicateSection, $"section {i}: kind {(LutSectionKind)kind} appears twice");
            seen[(int)kind] = true;
            int expected = LutFormat.ElementSize((LutSectionKind)kind);
            if (elementSize != expected)
                throw Fail(LutFormatError.BadElementSize, $"section {i} (kind {kind}): element_size is {elementSize}, {(LutSectionKind)kind} needs {expected}");
            ulong minimum = (ulong)rows * elementSize;
            bool lengthOk = kind == (uint)LutSectionKind.Strings ? length >= minimum : length == minimum;
            if (!lengthOk)
                throw Fail(LutFormatError.BadElementSize, $"section {i} (kind {kind}): length {length} does not fit row_count {rows} x element_size {elementSize}");
            known[(int)kind] = new SectionSlice((int)offset, (int)length, (int)rows);
        }
        if (previousEnd != f.Length)
            throw Fail(LutFormatError.BadSectionPlacement, $"last section ends at {previousEnd} but the file is {f.Length} bytes");
        if (!seen[(int)LutSectionKind.Strings])
            throw Fail(LutFormatError.MissingSection, "no Strings section (kind 1)");
        int calibrationParts = (seen[2] ? 1 : 0) + (seen[3] ? 1 : 0) + (seen[4] ? 1 : 0);
        if (calibrationParts is 1 or 2)
            throw Fail(LutFormatError.MissingSection, "calibration sections (kinds 2, 3, 4) must be present together");

        var stringsSlice = known[1];
        ValidateStrings(stringsSlice.Of(f), stringsSlice.Rows);
        uint stringCount = (uint)stringsSlice.Rows;
        CheckRef(U32(f, LutFormat.OffProducerJob), stringCount, "header producer_job");
        CheckRef(U32(f, LutFormat.OffGitRevision), stringCount, "header git_revision");

        ValidateSegments(known[2].Of(f), known[2].Rows, known[3].Rows, known[4].Rows, stringCount);
        ValidateArms(known[5].Of(f), known[5].Rows, stringCount);
        ValidateLatency(known[6].Of(f), known[6].Rows, stringCount);
        ValidatePhases(known[7].Of(f), known[7].Rows, stringCount);
        ValidateHedges(known[8].Of(f), known[8].Rows, stringCount);
        int shift = seen[9] ? ValidateKeyIndex(known[9].Of(f), known[9].Rows, stringsSlice.Of(f), stringsSlice.Rows, known[2].Of(f)) : 0;

        var strings = stringsSlice.Of(f);
        int starString = LutLookup.FindString(strings, stringsSlice.Rows, "*"u8);

        return new LutSectionMap
        {
            FileLength = f.Length,
            Strings = stringsSlice,
            Segments = known[2],
            Grid = known[3],
            Knots = known[4],
            Arms = known[5],
            Latency = known[6],
            Phases = known[7],
            Hedges = known[8],
            KeyIndex = known[9],
            KeyIndexShift = shift,
            StarSegment = LutLookup.OwnCurve(strings, stringsSlice.Rows, known[2].Of(f), "*"u8),
            EvStarSegment = LutLookup.OwnCurve(strings, stringsSlice.Rows, known[2].Of(f), "ev:*"u8),
            StarString = starString,
        };
    }

    // Messages are only formatted on failure: validation of a large file must not allocate per row.
    private static void CheckRef(uint id, uint count, string field)
    {
        if (id >= count) throw Fail(LutFormatError.BadStringRef, $"{field} string ref {id} is outside the string table ({count} strings)");
    }

    private static void CheckRef(uint id, uint count, string record, int row, string field)
    {
        if (id >= count) throw Fail(LutFormatError.BadStringRef, $"{record} {row} {field} string ref {id} is outside the string table ({count} strings)");
    }

    private static void ValidateStrings(ReadOnlySpan<byte> s, int n)
    {
        ulong indexEnd = (ulong)n * L.StringIndex.Size;
        ReadOnlySpan<byte> previous = default;
        for (int i = 0; i < n; i++)
        {
            int entry = i * L.StringIndex.Size;
            uint start = U32(s, entry + L.StringIndex.Start), length = U32(s, entry + L.StringIndex.Length);
            if (start < indexEnd || length > LutFormat.MaxStringBytes || (ulong)start + length > (ulong)s.Length)
                throw Fail(LutFormatError.BadStringTable, $"string {i}: start {start} length {length} is outside the string bytes [{indexEnd}, {s.Length}) or longer than {LutFormat.MaxStringBytes}");
            var value = s.Slice((int)start, (int)length);
            if (!Utf8.IsValid(value))
                throw Fail(LutFormatError.BadStringTable, $"string {i} is not valid UTF-8");
            if (i > 0 && value.SequenceCompareTo(previous) <= 0)
                throw Fail(LutFormatError.BadStringTable, $"string {i} is not greater than string {i - 1} in byte order");
            previous = value;
        }
    }

    private static void ValidateSegments(ReadOnlySpan<byte> s, int rows, int gridRows, int knotRows, uint stringCount)
    {
        for (int i = 0; i < rows; i++)
        {
            var r = s.Slice(i * L.Segment.Size, L.Segment.Size);
            uint key = U32(r, L.Segment.Key);
            CheckRef(key, stringCount, "calibration segment", i, "key");
            if (i > 0 && key <= U32(s, (i - 1) * L.Segment.Size + L.Segment.Key))
                throw Fail(LutFormatError.UnsortedKeys, $"calibration segment {i}: key {key} is not greater than the previous segment's key");
            uint parent = U32(r, L.Segment.Parent);
            if (parent != LutFormat.None && parent >= (uint)rows)
                throw Fail(LutFormatError.BadRecord, $"calibration segment {i}: parent {parent} is not a segment index (< {rows})");
            uint gridStart = U32(r, L.Segment.GridStart), gridCount = U32(r, L.Segment.GridCount);
            uint knotStart = U32(r, L.Segment.KnotStart), knotCount = U32(r, L.Segment.KnotCount);
            if (gridCount == 1)
                throw Fail(LutFormatError.BadRecord, $"calibration segment {i}: grid_count is 1; must be 0 or >= 2");
            if ((ulong)gridStart + gridCount > (ulong)gridRows)
                throw Fail(LutFormatError.BadRecord, $"calibration segment {i}: grid [{gridStart}, +{gridCount}) is past the grid section ({gridRows} values)");
            if ((ulong)knotStart + knotCount > (ulong)knotRows)
                throw Fail(LutFormatError.BadRecord, $"calibration segment {i}: knots [{knotStart}, +{knotCount}) are past the knot section ({knotRows} knots)");
        }
        if (rows == 0) return;
        // Colour walk: 0 unvisited, 1 on the current chain, 2 known to end. Linear in the segment count.
        Span<byte> state = rows <= 4096 ? stackalloc byte[rows] : new byte[rows];
        state.Clear();
        for (int i = 0; i < rows; i++)
        {
            int p = i;
            while (p >= 0 && state[p] == 0)
            {
                state[p] = 1;
                uint next = U32(s, p * L.Segment.Size + L.Segment.Parent);
                p = next == LutFormat.None ? -1 : (int)next;
            }
            if (p >= 0 && state[p] == 1)
                throw Fail(LutFormatError.ParentCycle, $"calibration segment {p}: parent chain returns to itself");
            for (p = i; p >= 0 && state[p] == 1;)
            {
                state[p] = 2;
                uint next = U32(s, p * L.Segment.Size + L.Segment.Parent);
                p = next == LutFormat.None ? -1 : (int)next;
            }
        }
    }

    private static void ValidateArms(ReadOnlySpan<byte> s, int rows, uint stringCount)
    {
        for (int i = 0; i < rows; i++)
        {
            int at = i * L.Arm.Size;
            uint route = U32(s, at + L.Arm.Route), arm = U32(s, at + L.Arm.ArmIndex), group = U32(s, at + L.Arm.LeaderGroup);
            CheckRef(route, stringCount, "bandit arm", i, "route");
            if (group != LutFormat.None) CheckRef(group, stringCount, "bandit arm", i, "leader_group");
            if (i == 0) continue;
            int p = at - L.Arm.Size;
            var prev = (U32(s, p + L.Arm.Route), U32(s, p + L.Arm.ArmIndex), U32(s, p + L.Arm.LeaderGroup));
            if (((ulong)route, arm, group).CompareTo(((ulong)prev.Item1, prev.Item2, prev.Item3)) <= 0)
                throw Fail(LutFormatError.UnsortedKeys, $"bandit arm {i}: (route {route}, arm {arm}, group {group}) is not greater than the previous row");
        }
    }

    private static void ValidateLatency(ReadOnlySpan<byte> s, int rows, uint stringCount)
    {
        for (int i = 0; i < rows; i++)
        {
            int at = i * L.Latency.Size;
            uint route = U32(s, at + L.Latency.Route), endpoint = U32(s, at + L.Latency.Endpoint);
            CheckRef(route, stringCount, "latency row", i, "route");
            CheckRef(endpoint, stringCount, "latency row", i, "endpoint");
            if (i == 0) continue;
            ulong key = (ulong)route << 32 | endpoint;
            int p = at - L.Latency.Size;
            ulong prev = (ulong)U32(s, p + L.Latency.Route) << 32 | U32(s, p + L.Latency.Endpoint);
            if (key <= prev)
                throw Fail(LutFormatError.UnsortedKeys, $"latency row {i}: (route {route}, endpoint {endpoint}) is not greater than the previous row");
        }
    }

    private static void ValidatePhases(ReadOnlySpan<byte> s, int rows, uint stringCount)
    {
        for (int i = 0; i < rows; i++)
        {
            uint leader = U32(s, i * L.Phase.Size + L.Phase.Leader);
            CheckRef(leader, stringCount, "phase row", i, "leader");
            if (i > 0 && leader <= U32(s, (i - 1) * L.Phase.Size + L.Phase.Leader))
                throw Fail(LutFormatError.UnsortedKeys, $"phase row {i}: leader {leader} is not greater than the previous row");
        }
    }

    private static void ValidateHedges(ReadOnlySpan<byte> s, int rows, uint stringCount)
    {
        for (int i = 0; i < rows; i++)
        {
            uint route = U32(s, i * L.RouteHedge.Size + L.RouteHedge.Route);
            CheckRef(route, stringCount, "route hedge row", i, "route");
            if (i > 0 && route <= U32(s, (i - 1) * L.RouteHedge.Size + L.RouteHedge.Route))
                throw Fail(LutFormatError.UnsortedKeys, $"route hedge row {i}: route {route} is not greater than the previous row");
        }
    }

    /// <summary>
    /// Spec section 11: a power-of-two table holding every string id exactly once, each reachable by linear probing
    /// from its home slot, with the curve column equal to the key's own resolution. Returns the slot shift.
    /// </summary>
    private static int ValidateKeyIndex(ReadOnlySpan<byte> index, int slots, ReadOnlySpan<byte> strings, int stringCount, ReadOnlySpan<byte> segments)
    {
        if (slots < 2 || !System.Numerics.BitOperations.IsPow2(slots) || slots <= stringCount)
            throw Fail(LutFormatError.BadRecord, $"key index: {slots} slots; must be a power of two >= 2 and > the string count {stringCount}");
        var seen = new bool[stringCount];
        int filled = 0;
        for (int slot = 0; slot < slots; slot++)
        {
            int at = slot * L.KeySlot.Size;
            uint id = U32(index, at + L.KeySlot.StringId), curve = U32(index, at + L.KeySlot.Curve);
            if (id == LutFormat.None)
            {
                if (curve != LutFormat.None) throw Fail(LutFormatError.BadRecord, $"key index slot {slot}: empty slot with curve {curve}");
                continue;
            }
            CheckRef(id, (uint)stringCount, "key index slot", slot, "string_id");
            if (seen[id]) throw Fail(LutFormatError.BadRecord, $"key index slot {slot}: string {id} appears twice");
            seen[id] = true;
            filled++;
            int expected = LutLookup.ResolveCurve(segments, LutLookup.FindByKey(segments, L.Segment.Size, id));
            if (curve != (expected < 0 ? LutFormat.None : (uint)expected))
                throw Fail(LutFormatError.BadRecord, $"key index slot {slot}: curve {curve} for string {id}; its own resolution is {(expected < 0 ? "NONE" : expected)}");
        }
        if (filled != stringCount)
            throw Fail(LutFormatError.BadRecord, $"key index holds {filled} strings; the string table has {stringCount}");
        int shift = 64 - System.Numerics.BitOperations.Log2((uint)slots);
        for (int id = 0; id < stringCount; id++)
            if (LutLookup.ProbeKeyIndex(index, shift, strings, LutLookup.StringAt(strings, id)) is var slot
                && (slot < 0 || U32(index, slot * L.KeySlot.Size + L.KeySlot.StringId) != id))
                throw Fail(LutFormatError.BadRecord, $"key index: string {id} is not reachable from its home slot");
        return shift;
    }
}
