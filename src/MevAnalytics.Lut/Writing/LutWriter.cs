using System.IO.Hashing;
using MevAnalytics.Lut.Format;
using L = MevAnalytics.Lut.Format.LutRecordLayout;

namespace MevAnalytics.Lut;

/// <summary>
/// Encodes <see cref="LutContent"/> as a format-1 LUT file, with a key index (kind 9). Pure and deterministic: the same content gives the
/// same bytes. Rejects structurally impossible content (duplicate keys, unknown parents, bad grids) with an
/// <see cref="ArgumentException"/> naming the record; value checks (NaN, range, monotonicity) are publisher gates.
/// </summary>
public static class LutWriter
{
    internal sealed record Section(LutSectionKind Kind, int ElementSize, int Rows, byte[] Data);

    /// <summary>Encodes the content.</summary>
    public static byte[] Write(LutContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var h = content.Header ?? throw new ArgumentException("Header is null", nameof(content));
        if (h.WindowToUnixMs < h.WindowFromUnixMs)
            throw new ArgumentException($"Header.WindowToUnixMs {h.WindowToUnixMs} is before WindowFromUnixMs {h.WindowFromUnixMs}", nameof(content));
        if (h.RowsUsed < 0) throw new ArgumentException($"Header.RowsUsed {h.RowsUsed} is negative", nameof(content));

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

        var sections = new List<Section> { new(LutSectionKind.Strings, L.StringIndex.Size, strings.Count, strings.Encode()) };
        var curveOfString = new uint[strings.Count];
        Array.Fill(curveOfString, LutFormat.None);
        if (content.Calibration.Count > 0) sections.AddRange(EncodeCalibration(content.Calibration, strings, curveOfString));
        if (content.Arms.Count > 0) sections.Add(EncodeArms(content.Arms, strings));
        if (content.Latency.Count > 0) sections.Add(EncodeLatency(content.Latency, strings));
        if (content.Phases.Count > 0) sections.Add(EncodePhases(content.Phases, strings));
        if (content.Hedges.Count > 0) sections.Add(EncodeHedges(content.Hedges, strings));
        sections.Add(LutKeyIndexBuilder.Encode(strings, curveOfString));

        long at = LutFormat.AlignUp(LutFormat.HeaderSize + LutFormat.DirectoryEntrySize * sections.Count);
        var offsets = new long[sections.Count];
        for (int i = 0; i < sections.Count; i++)
        {
            offsets[i] = at;
            at += sections[i].Data.Length;
            if (i + 1 < sections.Count) at = LutFormat.AlignUp(at);
        }
        if (at > int.MaxValue) throw new ArgumentException($"content encodes to {at} bytes; at most 2 GiB allowed", nameof(content));

        var file = new byte[at];
        LutFormat.Magic.CopyTo(file);
        LutBytes.WriteU16(file, LutFormat.OffVersion, LutFormat.Version);
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
            int e = LutFormat.HeaderSize + i * LutFormat.DirectoryEntrySize;
            LutBytes.WriteU32(file, e + L.Directory.Kind, (uint)sections[i].Kind);
            LutBytes.WriteU32(file, e + L.Directory.ElementSize, (uint)sections[i].ElementSize);
            LutBytes.WriteU64(file, e + L.Directory.Offset, (ulong)offsets[i]);
            LutBytes.WriteU64(file, e + L.Directory.Length, (ulong)sections[i].Data.Length);
            LutBytes.WriteU32(file, e + L.Directory.RowCount, (uint)sections[i].Rows);
            sections[i].Data.CopyTo(file, offsets[i]);
        }
        LutBytes.WriteU64(file, LutFormat.OffChecksum, XxHash64.HashToUInt64(file.AsSpan(LutFormat.ChecksumStart)));
        return file;
    }

    private static IEnumerable<Section> EncodeCalibration(IReadOnlyList<CalibrationSegment> segments, StringTableBuilder strings, uint[] curveOfString)
    {
        var ordered = segments.OrderBy(s => strings.Id(s.Key)).ToArray();
        var indexByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ordered.Length; i++)
            if (!indexByKey.TryAdd(ordered[i].Key, i))
                throw new ArgumentException($"calibration segment '{ordered[i].Key}' appears twice", nameof(segments));

        var parents = new int[ordered.Length];
        for (int i = 0; i < ordered.Length; i++)
        {
            var s = ordered[i];
            parents[i] = -1;
            if (s.Parent is null) continue;
            if (!indexByKey.TryGetValue(s.Parent, out parents[i]))
                throw new ArgumentException($"calibration segment '{s.Key}': parent '{s.Parent}' is not a segment", nameof(segments));
        }
        for (int i = 0; i < ordered.Length; i++)
        {
            int p = parents[i];
            for (int steps = 0; p >= 0; steps++, p = parents[p])
                if (steps >= ordered.Length)
                    throw new ArgumentException($"calibration segment '{ordered[i].Key}': parent chain has a cycle", nameof(segments));
        }

        var records = new byte[ordered.Length * L.Segment.Size];
        var grids = new List<float>();
        var knots = new List<CalibrationKnot>();
        for (int i = 0; i < ordered.Length; i++)
        {
            var s = ordered[i];
            string where = $"calibration segment '{s.Key}'";
            if (s.SampleCount < 0) throw new ArgumentException($"{where}: SampleCount {s.SampleCount} is negative", nameof(segments));
            var segKnots = s.Knots ?? throw new ArgumentException($"{where}: Knots is null", nameof(segments));
            int at = i * L.Segment.Size;
            LutBytes.WriteU32(records, at + L.Segment.Key, strings.Id(s.Key));
            LutBytes.WriteU32(records, at + L.Segment.Parent, parents[i] < 0 ? LutFormat.None : (uint)parents[i]);
            LutBytes.WriteU64(records, at + L.Segment.SampleCount, (ulong)s.SampleCount);
            LutBytes.WriteF64(records, at + L.Segment.XMin, s.XMin);
            LutBytes.WriteF64(records, at + L.Segment.XMax, s.XMax);
            if (segKnots.Count == 0)
            {
                LutBytes.WriteU32(records, at + L.Segment.GridStart, (uint)grids.Count);
                LutBytes.WriteU32(records, at + L.Segment.KnotStart, (uint)knots.Count);
                continue; // fallback-only
            }
            if (s.GridSize < 2 || s.GridSize > 1 << 24)
                throw new ArgumentException($"{where}: GridSize {s.GridSize} must be in [2, 2^24]", nameof(segments));
            if (!double.IsFinite(s.XMin) || !double.IsFinite(s.XMax) || !(s.XMax > s.XMin))
                throw new ArgumentException($"{where}: need finite XMin < XMax, got [{s.XMin}, {s.XMax}]", nameof(segments));
            double scale = (s.GridSize - 1) / (s.XMax - s.XMin);
            if (!double.IsFinite(scale)) throw new ArgumentException($"{where}: range [{s.XMin}, {s.XMax}] too narrow for the grid", nameof(segments));
            for (int k = 1; k < segKnots.Count; k++)
                if (!(segKnots[k].X >= segKnots[k - 1].X))
                    throw new ArgumentException($"{where}: knot {k} x={segKnots[k].X} is not >= knot {k - 1} x={segKnots[k - 1].X}", nameof(segments));
            LutBytes.WriteF64(records, at + L.Segment.Scale, scale);
            LutBytes.WriteU32(records, at + L.Segment.GridStart, (uint)grids.Count);
            LutBytes.WriteU32(records, at + L.Segment.GridCount, (uint)s.GridSize);
            LutBytes.WriteU32(records, at + L.Segment.KnotStart, (uint)knots.Count);
            LutBytes.WriteU32(records, at + L.Segment.KnotCount, (uint)segKnots.Count);
            grids.AddRange(CalibrationGrid.Sample(segKnots, s.XMin, s.XMax, s.GridSize));
            knots.AddRange(segKnots);
        }

        // The key index stores each segment key's own resolution (spec section 6), so a lookup needs no parent walk.
        for (int i = 0; i < ordered.Length; i++)
        {
            int p = i;
            while (p >= 0 && ordered[p].Knots.Count == 0) p = parents[p];
            curveOfString[strings.Id(ordered[i].Key)] = p < 0 ? LutFormat.None : (uint)p;
        }

        var gridBytes = new byte[grids.Count * L.GridValue.Size];
        for (int i = 0; i < grids.Count; i++) LutBytes.WriteF32(gridBytes, i * L.GridValue.Size, grids[i]);
        var knotBytes = new byte[knots.Count * L.Knot.Size];
        for (int i = 0; i < knots.Count; i++)
        {
            LutBytes.WriteF64(knotBytes, i * L.Knot.Size + L.Knot.X, knots[i].X);
            LutBytes.WriteF64(knotBytes, i * L.Knot.Size + L.Knot.Y, knots[i].Y);
        }
        // The grid and knot sections are emitted even when empty (all segments fallback-only): kinds 2-4 go together.
        return
        [
            new(LutSectionKind.CalibrationSegments, L.Segment.Size, ordered.Length, records),
            new(LutSectionKind.CalibrationGrid, L.GridValue.Size, grids.Count, gridBytes),
            new(LutSectionKind.CalibrationKnots, L.Knot.Size, knots.Count, knotBytes),
        ];
    }

    private static Section EncodeArms(IReadOnlyList<BanditArm> arms, StringTableBuilder strings)
    {
        foreach (var a in arms)
            if (a.ArmIndex < 0) throw new ArgumentException($"bandit arm on route '{a.Route}': ArmIndex {a.ArmIndex} is negative", nameof(arms));
        var ordered = arms
            .Select(a => (Arm: a, Route: strings.Id(a.Route), Group: strings.IdOrNone(a.LeaderGroup)))
            .OrderBy(t => t.Route).ThenBy(t => (uint)t.Arm.ArmIndex).ThenBy(t => t.Group)
            .ToArray();
        var data = new byte[ordered.Length * L.Arm.Size];
        for (int i = 0; i < ordered.Length; i++)
        {
            var (a, route, group) = ordered[i];
            if (i > 0 && ordered[i - 1].Route == route && ordered[i - 1].Arm.ArmIndex == a.ArmIndex && ordered[i - 1].Group == group)
                throw new ArgumentException($"bandit arm route '{a.Route}' arm {a.ArmIndex} group '{a.LeaderGroup ?? "(none)"}' appears twice", nameof(arms));
            int at = i * L.Arm.Size;
            LutBytes.WriteU32(data, at + L.Arm.Route, route);
            LutBytes.WriteU32(data, at + L.Arm.ArmIndex, (uint)a.ArmIndex);
            LutBytes.WriteU32(data, at + L.Arm.LeaderGroup, group);
            LutBytes.WriteF64(data, at + L.Arm.Alpha, a.Alpha);
            LutBytes.WriteF64(data, at + L.Arm.Beta, a.Beta);
            LutBytes.WriteF64(data, at + L.Arm.DecayedPulls, a.DecayedPulls);
            LutBytes.WriteF64(data, at + L.Arm.DecayedLands, a.DecayedLands);
            LutBytes.WriteF64(data, at + L.Arm.PayoffMean, a.PayoffMean);
            LutBytes.WriteF64(data, at + L.Arm.PayoffVariance, a.PayoffVariance);
            LutBytes.WriteU64(data, at + L.Arm.TipLamports, a.TipLamports);
            LutBytes.WriteI64(data, at + L.Arm.LastUpdated, a.LastUpdatedUnixMs);
        }
        return new(LutSectionKind.BanditArms, L.Arm.Size, ordered.Length, data);
    }

    private static Section EncodeLatency(IReadOnlyList<LatencyQuantiles> rows, StringTableBuilder strings)
    {
        var ordered = rows
            .Select(r => (Row: r, Route: strings.Id(r.Route), Endpoint: strings.Id(r.Endpoint)))
            .OrderBy(t => t.Route).ThenBy(t => t.Endpoint)
            .ToArray();
        var data = new byte[ordered.Length * L.Latency.Size];
        for (int i = 0; i < ordered.Length; i++)
        {
            var (r, route, endpoint) = ordered[i];
            if (i > 0 && ordered[i - 1].Route == route && ordered[i - 1].Endpoint == endpoint)
                throw new ArgumentException($"latency route '{r.Route}' endpoint '{r.Endpoint}' appears twice", nameof(rows));
            if (r.Count < 0) throw new ArgumentException($"latency route '{r.Route}' endpoint '{r.Endpoint}': Count {r.Count} is negative", nameof(rows));
            int at = i * L.Latency.Size;
            LutBytes.WriteU32(data, at + L.Latency.Route, route);
            LutBytes.WriteU32(data, at + L.Latency.Endpoint, endpoint);
            LutBytes.WriteU64(data, at + L.Latency.Count, (ulong)r.Count);
            LutBytes.WriteF64(data, at + L.Latency.ErrorRate, r.ErrorRate);
            LutBytes.WriteF64(data, at + L.Latency.P50, r.P50Ms);
            LutBytes.WriteF64(data, at + L.Latency.P90, r.P90Ms);
            LutBytes.WriteF64(data, at + L.Latency.P99, r.P99Ms);
            LutBytes.WriteF64(data, at + L.Latency.P999, r.P999Ms);
        }
        return new(LutSectionKind.LatencyQuantiles, L.Latency.Size, ordered.Length, data);
    }

    private static Section EncodePhases(IReadOnlyList<PhaseOffset> rows, StringTableBuilder strings)
    {
        var ordered = rows.Select(r => (Row: r, Leader: strings.Id(r.Leader))).OrderBy(t => t.Leader).ToArray();
        var data = new byte[ordered.Length * L.Phase.Size];
        for (int i = 0; i < ordered.Length; i++)
        {
            var (r, leader) = ordered[i];
            if (i > 0 && ordered[i - 1].Leader == leader) throw new ArgumentException($"phase leader '{r.Leader}' appears twice", nameof(rows));
            if (r.SampleCount < 0) throw new ArgumentException($"phase leader '{r.Leader}': SampleCount {r.SampleCount} is negative", nameof(rows));
            int at = i * L.Phase.Size;
            LutBytes.WriteU32(data, at + L.Phase.Leader, leader);
            LutBytes.WriteU64(data, at + L.Phase.SampleCount, (ulong)r.SampleCount);
            LutBytes.WriteF64(data, at + L.Phase.OptimalOffset, r.OptimalOffsetMs);
            LutBytes.WriteF64(data, at + L.Phase.Spread, r.SpreadMs);
            LutBytes.WriteF64(data, at + L.Phase.KalmanState, r.KalmanInitialState);
            LutBytes.WriteF64(data, at + L.Phase.KalmanVariance, r.KalmanInitialVariance);
            LutBytes.WriteF64(data, at + L.Phase.ProcessNoise, r.ProcessNoise);
            LutBytes.WriteF64(data, at + L.Phase.MeasurementNoise, r.MeasurementNoise);
        }
        return new(LutSectionKind.PhaseOffsets, L.Phase.Size, ordered.Length, data);
    }

    private static Section EncodeHedges(IReadOnlyList<RouteHedge> rows, StringTableBuilder strings)
    {
        var ordered = rows.Select(r => (Row: r, Route: strings.Id(r.Route))).OrderBy(t => t.Route).ToArray();
        var data = new byte[ordered.Length * L.RouteHedge.Size];
        for (int i = 0; i < ordered.Length; i++)
        {
            var (r, route) = ordered[i];
            if (i > 0 && ordered[i - 1].Route == route) throw new ArgumentException($"route hedge '{r.Route}' appears twice", nameof(rows));
            if (r.Count < 0) throw new ArgumentException($"route hedge '{r.Route}': Count {r.Count} is negative", nameof(rows));
            int at = i * L.RouteHedge.Size;
            LutBytes.WriteU32(data, at + L.RouteHedge.Route, route);
            LutBytes.WriteU32(data, at + L.RouteHedge.SloBreaches, r.SloBreaches);
            LutBytes.WriteF64(data, at + L.RouteHedge.HedgeDelay, r.HedgeDelayMs);
            LutBytes.WriteF64(data, at + L.RouteHedge.HedgeFireRate, r.HedgeFireRate);
            LutBytes.WriteU64(data, at + L.RouteHedge.Count, (ulong)r.Count);
        }
        return new(LutSectionKind.RouteHedges, L.RouteHedge.Size, ordered.Length, data);
    }
}
