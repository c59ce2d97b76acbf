using System.CommandLine;
using System.Text.Json;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Lut;
using static MevAnalytics.Cli.Lut.LutText;

namespace MevAnalytics.Cli.Lut;

/// <summary><c>mev lut inspect</c>: header, sections, segments, counts and (from the sibling manifest)
/// metrics.</summary>
public static class LutInspectCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static Command Create()
    {
        var source = new LutSource();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text" };
        var cmd = new Command("inspect", "Header, sections, segments, counts and (from the sibling manifest) metrics")
        {
            json,
        };
        source.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommandAction.Run(parse, ct, output =>
        {
            string path = source.Resolve(parse);
            using var lut = LutFile.Open(path);
            var r = lut.Reader;
            string manifestPath = Path.ChangeExtension(path, ".manifest.json");
            var metrics = File.Exists(manifestPath)
                ? JsonSerializer.Deserialize<LutManifest>(
                    ArtifactFile.ReadAllBytes(manifestPath, ArtifactFile.MaxJsonBytes), Json)?.Metrics
                : null;
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(Report(lut, metrics), Json));
                return 0;
            }
            var h = lut.Header;
            output.WriteLine($"{lut.Path}: {lut.Length} bytes, format {r.FormatVersion}, xxh64 {r.Checksum:X16}");
            output.WriteLine($"kind {h.Kind}, created {Iso(h.CreatedAtUnixMs)}, window [{Iso(h.WindowFromUnixMs)}, " +
                             $"{Iso(h.WindowToUnixMs)}), rows {h.RowsUsed}, job {h.ProducerJob} @ {h.GitRevision}");
            for (int i = 0; i < r.SectionCount; i++)
            {
                var s = r.Section(i);
                output.WriteLine($"  section {i}: {s.Kind} offset {s.Offset} length {s.Length} rows {s.RowCount} x " +
                                 $"{s.ElementSize} B");
            }
            for (int i = 0; i < r.SegmentCount; i++)
            {
                var c = r.SegmentAt(i);
                string parent = c.ParentIndex < 0 ? "-" : r.SegmentAt(c.ParentIndex).Key;
                string lookup = c.GridCount > 0 ? $"grid {c.GridCount}" : $"{c.BucketCount} buckets";
                output.WriteLine(c.HasCurve
                    ? $"  segment {c.Key}: parent {parent}, samples {c.SampleCount}, {c.KnotCount} knots over " +
                      $"[{Number(c.XMin)}, {Number(c.XMax)}], {lookup}"
                    : $"  segment {c.Key}: parent {parent}, samples {c.SampleCount}, fallback-only");
            }
            for (int i = 0; i < r.RouteHedgeCount; i++)
            {
                var hd = r.RouteHedgeAt(i);
                output.WriteLine($"  hedge {hd.Route}: delay {Number(hd.HedgeDelayMs)} ms, fire rate " +
                                 $"{Number(hd.HedgeFireRate)}, slo breaches {hd.SloBreaches}, samples {hd.Count}");
            }
            output.WriteLine($"arms {r.ArmCount}, latency rows {r.LatencyCount}, phase rows {r.PhaseCount}, route " +
                             $"hedges {r.RouteHedgeCount}, strings {r.StringCount}, key index " +
                             (r.HasKeyIndex ? "yes" : "no"));
            if (metrics is not null) foreach (var (k, v) in metrics) output.WriteLine($"metric {k} = {Number(v)}");
            return 0;
        }));
        return cmd;
    }

    private static object Report(LutFile lut, IReadOnlyDictionary<string, double>? metrics)
    {
        var r = lut.Reader;
        var sections = new List<object>();
        for (int i = 0; i < r.SectionCount; i++)
        {
            var s = r.Section(i);
            sections.Add(new { kind = s.Kind.ToString(), s.ElementSize, s.Offset, s.Length, s.RowCount });
        }
        var segments = new List<object>();
        for (int i = 0; i < r.SegmentCount; i++)
        {
            var c = r.SegmentAt(i);
            segments.Add(new
            {
                key = c.Key,
                parent = c.ParentIndex < 0 ? null : r.SegmentAt(c.ParentIndex).Key,
                c.SampleCount,
                c.GridCount,
                c.BucketCount,
                c.KnotCount,
                xMin = c.HasCurve ? c.XMin : (double?)null,
                xMax = c.HasCurve ? c.XMax : (double?)null,
            });
        }
        return new
        {
            file = lut.Path,
            bytes = lut.Length,
            formatVersion = r.FormatVersion,
            checksum = r.Checksum.ToString("X16"),
            header = lut.Header,
            sections,
            segments,
            counts = new
            {
                segments = r.SegmentCount,
                arms = r.ArmCount,
                latency = r.LatencyCount,
                phases = r.PhaseCount,
                routeHedges = r.RouteHedgeCount,
                strings = r.StringCount,
            },
            keyIndex = r.HasKeyIndex,
            metrics,
        };
    }
}
