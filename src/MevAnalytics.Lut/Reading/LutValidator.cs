using System.IO.Hashing;
using System.Text.Unicode;
using MevAnalytics.Lut.Format;
using static MevAnalytics.Lut.LutSpan;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>Checks every rule of docs/lut-format.md once, in the documented order, and returns the layout: the header
/// and the directory here, each section kind in a partial file of its own.</summary>
internal static partial class LutValidator
{
    private static LutFormatException Fail(LutFormatError reason, string message) => new(reason, message);

    public static LutSectionMap Validate(ReadOnlySpan<byte> f)
    {
        if (f.Length < LutFormat.HeaderSize)
            throw Fail(LutFormatError.Truncated,
                $"file is {f.Length} bytes; the header alone is {LutFormat.HeaderSize}");
        if (!f[..8].SequenceEqual(LutFormat.Magic))
            throw Fail(LutFormatError.BadMagic,
                $"magic is {Convert.ToHexString(f[..8])}, expected {Convert.ToHexString(LutFormat.Magic)}");
        ushort version = U16(f, LutFormat.OffVersion);
        if (version is not (LutFormat.GridVersion or LutFormat.Version))
            throw Fail(LutFormatError.UnsupportedVersion,
                $"format_version is {version}; this reader knows {LutFormat.GridVersion} and {LutFormat.Version}");
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
            throw Fail(LutFormatError.BadHeader,
                $"directory_offset is {directoryOffset}, expected {LutFormat.HeaderSize}");
        uint sectionCount = U32(f, LutFormat.OffSectionCount);
        if (sectionCount is 0 or > LutFormat.MaxSections)
            throw Fail(LutFormatError.BadHeader,
                $"section_count is {sectionCount}; allowed 1..{LutFormat.MaxSections}");
        long windowFrom = I64(f, LutFormat.OffWindowFrom), windowTo = I64(f, LutFormat.OffWindowTo);
        if (windowTo < windowFrom)
            throw Fail(LutFormatError.BadHeader,
                $"window_to_unix_ms {windowTo} is before window_from_unix_ms {windowFrom}");
        long directoryEnd = LutFormat.HeaderSize + (long)LutFormat.DirectoryEntrySize * sectionCount;
        if (directoryEnd > f.Length)
            throw Fail(LutFormatError.Truncated,
                $"directory of {sectionCount} entries ends at {directoryEnd}, past the file end {f.Length}");

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
                throw Fail(LutFormatError.BadSectionPlacement,
                    $"section {i} (kind {kind}): offset {offset} is not a multiple of {LutFormat.SectionAlignment}");
            if (offset > (ulong)f.Length || length > (ulong)f.Length - offset)
                throw Fail(LutFormatError.SectionOutOfRange,
                    $"section {i} (kind {kind}): offset {offset} + length {length} is past the file end {f.Length}");
            if ((long)offset < previousEnd)
                throw Fail(LutFormatError.BadSectionPlacement,
                    $"section {i} (kind {kind}): offset {offset} overlaps the directory or the previous section " +
                    $"(ends at {previousEnd})");
            previousEnd = (long)(offset + length);
            if (!LutFormat.IsKnown(kind, version)) continue;
            if (seen[(int)kind])
                throw Fail(LutFormatError.DuplicateSection, $"section {i}: kind {(LutSectionKind)kind} appears twice");
            seen[(int)kind] = true;
            int expected = LutFormat.ElementSize((LutSectionKind)kind, version);
            if (elementSize != expected)
                throw Fail(LutFormatError.BadElementSize,
                    $"section {i} (kind {kind}): element_size is {elementSize}, " +
                    $"{(LutSectionKind)kind} needs {expected}");
            ulong minimum = (ulong)rows * elementSize;
            bool lengthOk = kind == (uint)LutSectionKind.Strings ? length >= minimum : length == minimum;
            if (!lengthOk)
                throw Fail(LutFormatError.BadElementSize,
                    $"section {i} (kind {kind}): length {length} does not fit row_count {rows} " +
                    $"x element_size {elementSize}");
            known[(int)kind] = new SectionSlice((int)offset, (int)length, (int)rows);
        }
        if (previousEnd != f.Length)
            throw Fail(LutFormatError.BadSectionPlacement,
                $"last section ends at {previousEnd} but the file is {f.Length} bytes");
        if (!seen[(int)LutSectionKind.Strings])
            throw Fail(LutFormatError.MissingSection, "no Strings section (kind 1)");
        int lookupKind = version == LutFormat.GridVersion ? 3 : 10;
        int calibrationParts = (seen[2] ? 1 : 0) + (seen[lookupKind] ? 1 : 0) + (seen[4] ? 1 : 0);
        if (calibrationParts is 1 or 2)
            throw Fail(LutFormatError.MissingSection,
                $"calibration sections (kinds 2, {lookupKind}, 4) must be present together");

        var stringsSlice = known[1];
        ValidateStrings(stringsSlice.Of(f), stringsSlice.Rows);
        uint stringCount = (uint)stringsSlice.Rows;
        CheckRef(U32(f, LutFormat.OffProducerJob), stringCount, "header producer_job");
        CheckRef(U32(f, LutFormat.OffGitRevision), stringCount, "header git_revision");

        var calibration = new CalibrationSections(known[2], known[lookupKind], known[4], version);
        ValidateSegments(f, calibration, stringCount);
        ValidateArms(known[5].Of(f), known[5].Rows, stringCount);
        ValidateLatency(known[6].Of(f), known[6].Rows, stringCount);
        ValidatePhases(known[7].Of(f), known[7].Rows, stringCount);
        ValidateHedges(known[8].Of(f), known[8].Rows, stringCount);
        int shift = seen[9]
            ? ValidateKeyIndex(known[9].Of(f), known[9].Rows, stringsSlice.Of(f), stringsSlice.Rows, known[2].Of(f),
                version)
            : 0;

        var strings = stringsSlice.Of(f);
        int starString = LutLookup.FindString(strings, stringsSlice.Rows, "*"u8);

        return new LutSectionMap
        {
            FileLength = f.Length,
            FormatVersion = version,
            Strings = stringsSlice,
            Segments = known[2],
            Lookup = known[lookupKind],
            Knots = known[4],
            Arms = known[5],
            Latency = known[6],
            Phases = known[7],
            Hedges = known[8],
            KeyIndex = known[9],
            KeyIndexShift = shift,
            StarSegment = LutLookup.OwnCurve(strings, stringsSlice.Rows, known[2].Of(f), "*"u8, version),
            EvStarSegment = LutLookup.OwnCurve(strings, stringsSlice.Rows, known[2].Of(f), "ev:*"u8, version),
            StarString = starString,
        };
    }
}
