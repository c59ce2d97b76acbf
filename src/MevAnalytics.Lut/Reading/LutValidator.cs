using System.IO.Hashing;
using System.Text.Unicode;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;

namespace MevAnalytics.Lut;

/// <summary>Checks every rule of docs/lut-format.md once, in the documented order, and returns the layout.</summary>
internal static class LutValidator
{
    private static LutFormatException Fail(LutFormatError reason, string message) => new(reason, message);

    public static LutLayout Validate(ReadOnlySpan<byte> f)
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

        Span<SectionSlice> known = stackalloc SectionSlice[8];
        known.Clear(); // SkipLocalsInit: absent sections must read as empty
        Span<bool> seen = stackalloc bool[8];
        seen.Clear();
        long previousEnd = directoryEnd;
        for (int i = 0; i < sectionCount; i++)
        {
            int e = LutFormat.HeaderSize + i * LutFormat.DirectoryEntrySize;
            uint kind = U32(f, e);
            uint elementSize = U32(f, e + 4);
            ulong offset = U64(f, e + 8);
            ulong length = U64(f, e + 16);
            uint rows = U32(f, e + 24);
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

        int starString = LutLookup.FindString(stringsSlice.Of(f), stringsSlice.Rows, "*"u8);
        int starSegment = -1;
        if (starString >= 0)
            starSegment = LutLookup.ResolveCurve(known[2].Of(f), LutLookup.FindByKey(known[2].Of(f), LutFormat.SegmentSize, (uint)starString));

        return new LutLayout
        {
            FileLength = f.Length,
            Strings = stringsSlice,
            Segments = known[2],
            Grid = known[3],
            Knots = known[4],
            Arms = known[5],
            Latency = known[6],
            Phases = known[7],
            StarSegment = starSegment,
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
        ulong indexEnd = (ulong)n * LutFormat.StringIndexEntrySize;
        ReadOnlySpan<byte> previous = default;
        for (int i = 0; i < n; i++)
        {
            uint start = U32(s, i * 8), length = U32(s, i * 8 + 4);
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
            var r = s.Slice(i * LutFormat.SegmentSize, LutFormat.SegmentSize);
            uint key = U32(r, 0);
            CheckRef(key, stringCount, "calibration segment", i, "key");
            if (i > 0 && key <= U32(s, (i - 1) * LutFormat.SegmentSize))
                throw Fail(LutFormatError.UnsortedKeys, $"calibration segment {i}: key {key} is not greater than the previous segment's key");
            uint parent = U32(r, 4);
            if (parent != LutFormat.None && parent >= (uint)rows)
                throw Fail(LutFormatError.BadRecord, $"calibration segment {i}: parent {parent} is not a segment index (< {rows})");
            uint gridStart = U32(r, 40), gridCount = U32(r, 44), knotStart = U32(r, 48), knotCount = U32(r, 52);
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
                uint next = U32(s, p * LutFormat.SegmentSize + 4);
                p = next == LutFormat.None ? -1 : (int)next;
            }
            if (p >= 0 && state[p] == 1)
                throw Fail(LutFormatError.ParentCycle, $"calibration segment {p}: parent chain returns to itself");
            for (p = i; p >= 0 && state[p] == 1;)
            {
                state[p] = 2;
                uint next = U32(s, p * LutFormat.SegmentSize + 4);
                p = next == LutFormat.None ? -1 : (int)next;
            }
        }
    }

    private static void ValidateArms(ReadOnlySpan<byte> s, int rows, uint stringCount)
    {
        for (int i = 0; i < rows; i++)
        {
            int at = i * LutFormat.ArmSize;
            uint route = U32(s, at), arm = U32(s, at + 4), group = U32(s, at + 8);
            CheckRef(route, stringCount, "bandit arm", i, "route");
            if (group != LutFormat.None) CheckRef(group, stringCount, "bandit arm", i, "leader_group");
            if (i == 0) continue;
            int p = at - LutFormat.ArmSize;
            var prev = (U32(s, p), U32(s, p + 4), U32(s, p + 8));
            if (((ulong)route, arm, group).CompareTo(((ulong)prev.Item1, prev.Item2, prev.Item3)) <= 0)
                throw Fail(LutFormatError.UnsortedKeys, $"bandit arm {i}: (route {route}, arm {arm}, group {group}) is not greater than the previous row");
        }
    }

    private static void ValidateLatency(ReadOnlySpan<byte> s, int rows, uint stringCount)
    {
        for (int i = 0; i < rows; i++)
        {
            int at = i * LutFormat.LatencySize;
            uint route = U32(s, at), endpoint = U32(s, at + 4);
            CheckRef(route, stringCount, "latency row", i, "route");
            CheckRef(endpoint, stringCount, "latency row", i, "endpoint");
            if (i == 0) continue;
            ulong key = (ulong)route << 32 | endpoint;
            ulong prev = (ulong)U32(s, at - LutFormat.LatencySize) << 32 | U32(s, at - LutFormat.LatencySize + 4);
            if (key <= prev)
                throw Fail(LutFormatError.UnsortedKeys, $"latency row {i}: (route {route}, endpoint {endpoint}) is not greater than the previous row");
        }
    }

    private static void ValidatePhases(ReadOnlySpan<byte> s, int rows, uint stringCount)
    {
        for (int i = 0; i < rows; i++)
        {
            uint leader = U32(s, i * LutFormat.PhaseSize);
            CheckRef(leader, stringCount, "phase row", i, "leader");
            if (i > 0 && leader <= U32(s, (i - 1) * LutFormat.PhaseSize))
                throw Fail(LutFormatError.UnsortedKeys, $"phase row {i}: leader {leader} is not greater than the previous row");
        }
    }
}
