using System.IO.Hashing;
using MevAnalytics.Lut.Format;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>
/// Encodes <see cref="LutContent"/> as a LUT file (format 2 by default, with a key index). Pure and deterministic:
/// the same content gives the same bytes. Rejects structurally impossible content (duplicate keys, unknown parents,
/// unsorted knots) with an <see cref="ArgumentException"/> naming the record; value checks (NaN, range,
/// monotonicity) are publisher gates. One partial file per section kind.
/// </summary>
public static partial class LutWriter
{
    /// <summary>Grid points per curve of a format-1 table (the grid it sampled every curve on).</summary>
    public const int GridSizeV1 = 256;

    internal sealed record Section(LutSectionKind Kind, int ElementSize, int Rows, byte[] Data);

    /// <summary>Encodes <paramref name="content"/> in format 2: lookups equal the fitted curves.</summary>
    public static byte[] Write(LutContent content) => Write(content, LutFormat.Version);

    /// <summary>
    /// Encodes <paramref name="content"/> in <paramref name="formatVersion"/>: 2, or 1 for a runtime that reads only
    /// format 1 (its curves are sampled on a <see cref="GridSizeV1"/>-point f32 grid, which misses the fit between
    /// grid points; <c>mev lut export --format lut-v1</c> says by how much).
    /// </summary>
    public static byte[] Write(LutContent content, int formatVersion)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (formatVersion is not (LutFormat.GridVersion or LutFormat.Version))
            throw new ArgumentException($"format version {formatVersion} is not 1 or 2", nameof(formatVersion));
        var version = (ushort)formatVersion;
        var h = content.Header ?? throw new ArgumentException("Header is null", nameof(content));
        if (h.WindowToUnixMs < h.WindowFromUnixMs)
            throw new ArgumentException(
                $"Header.WindowToUnixMs {h.WindowToUnixMs} is before WindowFromUnixMs {h.WindowFromUnixMs}",
                nameof(content));
        if (h.RowsUsed < 0) throw new ArgumentException($"Header.RowsUsed {h.RowsUsed} is negative", nameof(content));

        var strings = Strings(content);
        var sections = new List<Section>
        {
            new(LutSectionKind.Strings, L.StringIndex.Size, strings.Count, strings.Encode()),
        };
        var curveOfString = new uint[strings.Count];
        Array.Fill(curveOfString, LutFormat.None);
        if (content.Calibration.Count > 0)
            sections.AddRange(Calibration(content.Calibration, strings, curveOfString, version));
        if (content.Arms.Count > 0) sections.Add(Arms(content.Arms, strings));
        if (content.Latency.Count > 0) sections.Add(Latency(content.Latency, strings));
        if (content.Phases.Count > 0) sections.Add(Phases(content.Phases, strings));
        if (content.Hedges.Count > 0) sections.Add(Hedges(content.Hedges, strings));
        sections.Add(LutKeyIndexBuilder.Encode(strings, curveOfString));
        sections.Sort((a, b) => a.Kind.CompareTo(b.Kind));
        return Assemble(h, version, strings, sections);
    }

    private static StringTableBuilder Strings(LutContent content)
    {
        var h = content.Header;
        var strings = new StringTableBuilder();
        strings.Add(h.ProducerJob, "Header.ProducerJob");
        strings.Add(h.GitRevision, "Header.GitRevision");
        foreach (var s in content.Calibration) strings.Add(s.Key, "CalibrationSegment.Key");
        foreach (var a in content.Arms)
        {
            strings.Add(a.Route, "BanditArm.Route");
            if (a.LeaderGroup is not null) strings.Add(a.LeaderGroup, $"BanditArm.LeaderGroup (route '{a.Route}')");
        }
        foreach (var l in content.Latency)
        {
            strings.Add(l.Route, "LatencyQuantiles.Route");
            strings.Add(l.Endpoint, "LatencyQuantiles.Endpoint");
        }
        foreach (var p in content.Phases) strings.Add(p.Leader, "PhaseOffset.Leader");
        foreach (var r in content.Hedges) strings.Add(r.Route, "RouteHedge.Route");
        strings.Build();
        return strings;
    }

    private static byte[] Assemble(LutHeader h, ushort version, StringTableBuilder strings, List<Section> sections)
    {
        long at = LutFormat.AlignUp(LutFormat.HeaderSize + LutFormat.DirectoryEntrySize * sections.Count);
        var offsets = new long[sections.Count];
        for (int i = 0; i < sections.Count; i++)
        {
            offsets[i] = at;
            at += sections[i].Data.Length;
            if (i + 1 < sections.Count) at = LutFormat.AlignUp(at);
        }
        if (at > int.MaxValue) throw new ArgumentException($"content encodes to {at} bytes; at most 2 GiB allowed");

        var file = new byte[at];
        LutFormat.Magic.CopyTo(file);
        LutBytes.WriteU16(file, LutFormat.OffVersion, version);
        LutBytes.WriteU16(file, LutFormat.OffHeaderSize, LutFormat.HeaderSize);
        LutBytes.WriteU16(file, LutFormat.OffTableKind, (ushort)h.Kind);
        LutBytes.WriteU32(file, LutFormat.OffSectionCount, (uint)sections.Count);
        LutBytes.WriteU64(file, LutFormat.OffFileLength, (ulong)at);
        LutBytes.WriteI64(file, LutFormat.OffCreatedAt, h.CreatedAtUnixMs);
        LutBytes.WriteI64(file, LutFormat.OffWindowFrom, h.WindowFromUnixMs);
        LutBytes.WriteI64(file, LutFormat.OffWindowTo, h.WindowToUnixMs);
        LutBytes.WriteU64(file, LutFormat.OffRowsUsed, (ulong)h.RowsUsed);
        LutBytes.WriteU32(file, LutFormat.OffProducerJob, strings.Id(h.ProducerJob));
        LutBytes.WriteU32(file, LutFormat.OffGitRevision, strings.Id(h.GitRevision));
        LutBytes.WriteU32(file, LutFormat.OffDirectoryOffset, LutFormat.HeaderSize);
        for (int i = 0; i < sections.Count; i++)
        {
            var entry = file.AsSpan(LutFormat.HeaderSize + i * LutFormat.DirectoryEntrySize, L.Directory.Size);
            LutBytes.WriteU32(entry, L.Directory.Kind, (uint)sections[i].Kind);
            LutBytes.WriteU32(entry, L.Directory.ElementSize, (uint)sections[i].ElementSize);
            LutBytes.WriteU64(entry, L.Directory.Offset, (ulong)offsets[i]);
            LutBytes.WriteU64(entry, L.Directory.Length, (ulong)sections[i].Data.Length);
            LutBytes.WriteU32(entry, L.Directory.RowCount, (uint)sections[i].Rows);
            sections[i].Data.CopyTo(file, offsets[i]);
        }
        LutBytes.WriteU64(file, LutFormat.OffChecksum, XxHash64.HashToUInt64(file.AsSpan(LutFormat.ChecksumStart)));
        return file;
    }

    /// <summary>
    /// The rows of one record section sorted by their key (up to three u32 columns, compared as unsigned), each
    /// written by <paramref name="write"/> into its record: the shape every keyed section shares. A key that appears
    /// twice is an error naming the row.
    /// </summary>
    private static Section Records<T>(LutSectionKind kind, int size, IReadOnlyList<T> rows,
        Func<T, (uint, uint, uint)> key, Func<T, string> describe, Action<T, Span<byte>> write)
    {
        var ordered = rows.Select(r => (Row: r, Key: key(r))).OrderBy(t => t.Key).ToArray();
        var data = new byte[ordered.Length * size];
        for (int i = 0; i < ordered.Length; i++)
        {
            if (i > 0 && ordered[i - 1].Key == ordered[i].Key)
                throw new ArgumentException($"{describe(ordered[i].Row)} appears twice", nameof(rows));
            write(ordered[i].Row, data.AsSpan(i * size, size));
        }
        return new(kind, size, ordered.Length, data);
    }
}
