using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Hashing;
using MevAnalytics.Lut;

namespace MevAnalytics.Bench.Lut;

/// <summary>
/// Deterministic fuzzing of the reader: mutates, truncates and extends valid files (often re-fixing length and
/// checksum so the structural checks are reached) and exercises every lookup on files that still open.
/// </summary>
public static class LutFuzz
{
    /// <summary>Runs <paramref name="cases"/> cases from <paramref name="seed"/>.</summary>
    public static LutFuzzReport Run(int seed, int cases)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cases);
        var random = new Random(seed);
        byte[][] bases =
            [LutWriter.Write(SampleContent(random, segments: 6)), LutWriter.Write(SampleContent(random, segments: 40))];
        var byReason = new Dictionary<LutFormatError, int>();
        var failures = new List<string>();
        int accepted = 0;
        double slowest = 0;
        for (int i = 0; i < cases; i++)
        {
            var (file, how) = Mutate(bases[random.Next(bases.Length)], random);
            var watch = Stopwatch.StartNew();
            try
            {
                Exercise(file);
                accepted++;
            }
            catch (LutFormatException e)
            {
                byReason[e.Reason] = byReason.GetValueOrDefault(e.Reason) + 1;
            }
            catch (Exception e)
            {
                failures.Add($"case {i} ({how}): {e.GetType().Name}: {e.Message}");
            }
            slowest = Math.Max(slowest, watch.Elapsed.TotalMilliseconds);
        }
        return new LutFuzzReport(cases, accepted, cases - accepted - failures.Count, byReason, failures, slowest);
    }

    private static (byte[] File, string How) Mutate(byte[] valid, Random random)
    {
        var file = (byte[])valid.Clone();
        switch (random.Next(6))
        {
            case 0: // raw byte damage: the checksum should catch it
                for (int n = random.Next(1, 4); n > 0; n--) file[random.Next(file.Length)] ^= (byte)random.Next(1, 256);
                return (file, "flip");
            case 1: // byte damage past the checksum
                for (int n = random.Next(1, 5); n > 0; n--) file[random.Next(16, file.Length)] = (byte)random.Next(256);
                return (Fix(file, fixLength: false), "flip+checksum");
            case 2: // directory and header fields set to hostile values
                {
                    int at = random.Next(2) == 0
                        ? random.Next(16, 128)
                        : 128 + random.Next(0, 64) * 4; // header or directory
                    at = Math.Min(at, file.Length - 4) & ~3;
                    uint[] hostile = [0, 1, 63, 64, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, (uint)file.Length,
                        (uint)random.Next()];
                    BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), hostile[random.Next(hostile.Length)]);
                    return (Fix(file, fixLength: false), $"field@{at}+checksum");
                }
            case 3: // truncate
                {
                    var cut = file[..random.Next(file.Length)];
                    return random.Next(2) == 0 || cut.Length < 128
                        ? (cut, "truncate")
                        : (Fix(cut, fixLength: true), "truncate+fix");
                }
            case 4: // extend
                {
                    var longer = new byte[file.Length + random.Next(1, 200)];
                    file.CopyTo(longer, 0);
                    random.NextBytes(longer.AsSpan(file.Length));
                    return random.Next(2) == 0 ? (longer, "extend") : (Fix(longer, fixLength: true), "extend+fix");
                }
            default: // record-level damage inside a section
                {
                    int start = 128 + 32 * (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(28));
                    int at = random.Next(Math.Min(start, file.Length - 4), file.Length - 4) & ~3;
                    BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), random.Next(3) switch
                    {
                        0 => 0xFFFFFFFF,
                        1 => (uint)random.Next(0, 50),
                        _ => (uint)random.Next()
                    });
                    return (Fix(file, fixLength: false), $"record@{at}+checksum");
                }
        }
    }

    private static byte[] Fix(byte[] file, bool fixLength)
    {
        if (file.Length < 128) return file;
        if (fixLength) BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(32), (ulong)file.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(8), XxHash64.HashToUInt64(file.AsSpan(16)));
        return file;
    }

    /// <summary>Opens the file and touches every record and lookup path.</summary>
    private static void Exercise(byte[] file)
    {
        var r = LutReader.Open(file);
        _ = r.ReadHeader();
        for (int i = 0; i < r.SectionCount; i++) _ = r.Section(i);
        double sink = 0;
        for (int i = 0; i < r.SegmentCount; i++)
        {
            var c = r.SegmentAt(i);
            if (c.HasCurve)
                sink += c.Calibrate(0.5) + c.Calibrate(-1e300) + c.Calibrate(1e300) + c.Calibrate(double.NaN);
            for (int k = 0; k < c.KnotCount; k++) sink += c.Knot(k).Y;
            r.TryCalibrate(c.Key, 0.25, out double p);
            sink += p;
        }
        r.TryCalibrate("not-a-segment", 0.5, out double q);
        sink += q;
        for (int i = 0; i < r.ArmCount; i++)
        {
            var a = r.ArmAt(i);
            if (r.TryGetArm(a.Route, a.ArmIndex, a.LeaderGroup, out var b)) sink += b.Alpha;
        }
        for (int i = 0; i < r.LatencyCount; i++)
        {
            var l = r.LatencyAt(i);
            if (r.TryGetLatency(l.Route, l.Endpoint, out var m)) sink += m.P50Ms;
        }
        for (int i = 0; i < r.PhaseCount; i++)
            if (r.TryGetPhase(r.PhaseAt(i).Leader, out var ph)) sink += ph.SpreadMs;
        r.TryGetPhase("not-a-leader", out _);
        for (int i = 0; i < r.RouteHedgeCount; i++)
            if (r.TryGetRouteHedge(r.RouteHedgeAt(i).Route, out var h)) sink += h.HedgeDelayMs;
        r.TryCalibrate("ev:route-1/3", 0.5, out double ev);
        sink += ev;
        for (int i = 0; i < r.StringCount; i++) sink += r.FindString(r.StringAt(i));
        GC.KeepAlive(sink);
    }

    private static LutContent SampleContent(Random random, int segments)
    {
        var calibration = new List<CalibrationSegment>
        {
            new("*", null, 1000, [new(0, 0.05), new(0.5, 0.3), new(1, 0.8)]),
        };
        for (int s = 0; s < segments; s++)
        {
            string? parent = s == 0 ? null : $"route-{random.Next(s)}";
            bool fallbackOnly = random.Next(4) == 0;
            var knots = fallbackOnly
                ? []
                : Enumerable.Range(0, random.Next(2, 7))
                    .Select(k => new CalibrationKnot(k * 0.25, Math.Min(1, k * 0.2 + random.NextDouble() * 0.1)))
                    .ToArray();
            calibration.Add(new($"route-{s}", parent, random.Next(1000), knots));
            if (s % 3 == 0)
                calibration.Add(new($"ev:route-{s}", null, random.Next(1000), [new(0, 0), new(1, 0.5)]));
        }
        return new LutContent(new LutHeader(LutTableKind.Mixed, 1, 0, 1, 100, "fuzz", "rev"))
        {
            Calibration = calibration,
            Arms = [.. Enumerable.Range(0, 12).Select(i =>
                new BanditArm($"route-{i % 3}", i / 3, i % 4 == 0 ? "group" : null, 1, 2, 3, 4, 5, 6, 7, 8))],
            Latency = [.. Enumerable.Range(0, 6).Select(i =>
                new LatencyQuantiles($"route-{i % 3}", $"ep-{i / 3}", 10, 0.1, 1, 2, 3, 4))],
            Phases = [new("*", 1, 2, 3, 4, 5, 6, 7), new("leader-1", 1, 2, 3, 4, 5, 6, 7)],
            Hedges = [new("route-0", 4, 80, 0.05, 1000), new("route-2", 0, 35.5, 0.05, 20)],
        };
    }
}
