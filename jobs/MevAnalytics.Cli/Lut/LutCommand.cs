using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MevAnalytics.Data.Configuration;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Lut;

namespace MevAnalytics.Cli.Lut;

/// <summary>`mev lut ...`: list, inspect, verify, look up, diff, export, roll back and fuzz LUT files.</summary>
public static class LutCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Builds the `lut` command tree.</summary>
    public static Command Create()
    {
        var lut = new Command("lut", "Versioned lookup tables: list, inspect, verify, look up, diff, export, roll back, fuzz");
        lut.Subcommands.Add(List());
        lut.Subcommands.Add(Inspect());
        lut.Subcommands.Add(Verify());
        lut.Subcommands.Add(Lookup());
        lut.Subcommands.Add(Diff());
        lut.Subcommands.Add(Export());
        lut.Subcommands.Add(Bench());
        lut.Subcommands.Add(Rollback());
        lut.Subcommands.Add(Fuzz());
        return lut;
    }

    private static Argument<string> FileArgument(string name = "file") => new(name) { Description = "Path of a .lut file" };

    private static Option<string> RootOption() => new("--root")
    {
        Description = "LUT root holding one folder per table (default: {Artifacts:Root}/luts from configuration)",
        DefaultValueFactory = _ => Path.Combine(
            SectionOptions.Get<ArtifactOptions>(MevConfiguration.Build()).Root, "luts"),
    };

    /// <summary>A .lut file given by path, or by --table (following `current`, or --version N) under --root.</summary>
    private sealed class LutSource
    {
        public Argument<string?> File { get; } = new("file") { Description = "Path of a .lut file (or use --table)", Arity = ArgumentArity.ZeroOrOne };
        public Option<string> Table { get; } = new("--table") { Description = "Published table name (e.g. calibration): opens its current version" };
        public Option<int?> Version { get; } = new("--version") { Description = "With --table: this published version instead of current" };
        public Option<string> Root { get; } = RootOption();

        public void AddTo(Command command)
        {
            command.Arguments.Add(File);
            command.Options.Add(Table);
            command.Options.Add(Version);
            command.Options.Add(Root);
        }

        public string Resolve(ParseResult parse)
        {
            string? file = parse.GetValue(File), table = parse.GetValue(Table);
            if (file is not null && table is not null) throw new ArgumentException("give a file or --table, not both");
            if (file is not null) return file;
            if (table is null) throw new ArgumentException("give a .lut file or --table NAME");
            return VersionPath(parse.GetValue(Root)!, table, parse.GetValue(Version));
        }
    }

    /// <summary>Path of a published version (current when <paramref name="version"/> is null).</summary>
    private static string VersionPath(string root, string table, int? version)
    {
        var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = root });
        if (version is { } v)
            return publisher.Versions(table).FirstOrDefault(p => p.Version == v)?.FilePath
                   ?? throw new ArgumentException($"table '{table}' has no version {v} under '{root}'");
        return publisher.Current(table)?.FilePath ?? throw new ArgumentException($"table '{table}' has no current version under '{root}'");
    }

    private static string Iso(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="body"/>; an invalid file or missing key is exit 1 with a one-line reason.</summary>
    private static int Guard(ParseResult parse, Func<TextWriter, int> body)
    {
        var output = parse.InvocationConfiguration.Output;
        try { return body(output); }
        catch (Exception e) when (e is LutFormatException or KeyNotFoundException or IOException or ArgumentException or InvalidDataException or UnauthorizedAccessException)
        {
            parse.InvocationConfiguration.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static Command Inspect()
    {
        var source = new LutSource();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text" };
        var cmd = new Command("inspect", "Header, sections, segments, counts and (from the sibling manifest) metrics") { json };
        source.AddTo(cmd);
        cmd.SetAction(parse => Guard(parse, output =>
        {
            string path = source.Resolve(parse);
            using var lut = LutFile.Open(path);
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
                    c.KnotCount,
                    xMin = c.HasCurve ? c.XMin : (double?)null,
                    xMax = c.HasCurve ? c.XMax : (double?)null,
                });
            }
            string manifestPath = Path.ChangeExtension(path, ".manifest.json");
            var metrics = File.Exists(manifestPath)
                ? JsonSerializer.Deserialize<LutManifest>(File.ReadAllBytes(manifestPath), Json)?.Metrics
                : null;
            var report = new
            {
                file = lut.Path,
                bytes = lut.Length,
                formatVersion = r.FormatVersion,
                checksum = r.Checksum.ToString("X16"),
                header = lut.Header,
                sections,
                segments,
                counts = new { segments = r.SegmentCount, arms = r.ArmCount, latency = r.LatencyCount, phases = r.PhaseCount, routeHedges = r.RouteHedgeCount, strings = r.StringCount },
                keyIndex = r.HasKeyIndex,
                metrics,
            };
            if (parse.GetValue(json)) { output.WriteLine(JsonSerializer.Serialize(report, Json)); return 0; }
            var h = lut.Header;
            output.WriteLine($"{lut.Path}: {lut.Length} bytes, format {r.FormatVersion}, xxh64 {r.Checksum:X16}");
            output.WriteLine($"kind {h.Kind}, created {Iso(h.CreatedAtUnixMs)}, window [{Iso(h.WindowFromUnixMs)}, {Iso(h.WindowToUnixMs)}), rows {h.RowsUsed}, job {h.ProducerJob} @ {h.GitRevision}");
            for (int i = 0; i < r.SectionCount; i++)
            {
                var s = r.Section(i);
                output.WriteLine($"  section {i}: {s.Kind} offset {s.Offset} length {s.Length} rows {s.RowCount} x {s.ElementSize} B");
            }
            for (int i = 0; i < r.SegmentCount; i++)
            {
                var c = r.SegmentAt(i);
                string parent = c.ParentIndex < 0 ? "-" : r.SegmentAt(c.ParentIndex).Key;
                output.WriteLine(c.HasCurve
                    ? $"  segment {c.Key}: parent {parent}, samples {c.SampleCount}, grid {c.GridCount} over [{F(c.XMin)}, {F(c.XMax)}], knots {c.KnotCount}"
                    : $"  segment {c.Key}: parent {parent}, samples {c.SampleCount}, fallback-only");
            }
            for (int i = 0; i < r.RouteHedgeCount; i++)
            {
                var hd = r.RouteHedgeAt(i);
                output.WriteLine($"  hedge {hd.Route}: delay {F(hd.HedgeDelayMs)} ms, fire rate {F(hd.HedgeFireRate)}, slo breaches {hd.SloBreaches}, samples {hd.Count}");
            }
            output.WriteLine($"arms {r.ArmCount}, latency rows {r.LatencyCount}, phase rows {r.PhaseCount}, route hedges {r.RouteHedgeCount}, strings {r.StringCount}, key index {(r.HasKeyIndex ? "yes" : "no")}");
            if (metrics is not null) foreach (var (k, v) in metrics) output.WriteLine($"metric {k} = {F(v)}");
            return 0;
        }));
        return cmd;
    }

    private static Command Verify()
    {
        var source = new LutSource();
        var cmd = new Command("verify", "Exit 0 if the file is a valid LUT, else 1 with the reason");
        source.AddTo(cmd);
        cmd.SetAction(parse => Guard(parse, output =>
        {
            using var lut = LutFile.Open(source.Resolve(parse));
            output.WriteLine($"ok: {lut.Path} ({lut.Length} bytes, xxh64 {lut.Reader.Checksum:X16})");
            return 0;
        }));
        return cmd;
    }

    private static Command Lookup()
    {
        var source = new LutSource();
        var segment = new Option<string>("--segment") { Description = "Calibration segment key (with --score)" };
        var score = new Option<double?>("--score") { Description = "Raw score to calibrate" };
        var route = new Option<string>("--route") { Description = "Route key (with --arm or --endpoint)" };
        var arm = new Option<int?>("--arm") { Description = "Arm index (with --route, optional --leader-group)" };
        var group = new Option<string>("--leader-group") { Description = "Leader group for an arm lookup" };
        var endpoint = new Option<string>("--endpoint") { Description = "Endpoint key (with --route)" };
        var leader = new Option<string>("--leader") { Description = "Leader key for a phase lookup" };
        var hedge = new Option<bool>("--hedge") { Description = "With --route: the route's hedge delay and SLO breach flags" };
        var cmd = new Command("lookup", "Print the value the runtime would read") { segment, score, route, arm, group, endpoint, leader, hedge };
        source.AddTo(cmd);
        cmd.SetAction(parse => Guard(parse, output =>
        {
            using var lut = LutFile.Open(source.Resolve(parse));
            var r = lut.Reader;
            if (parse.GetValue(segment) is { } seg)
            {
                double x = parse.GetValue(score) ?? throw new ArgumentException("--segment needs --score");
                if (!r.TryGetCurve(seg, out var curve))
                    throw new KeyNotFoundException(seg.StartsWith("ev:", StringComparison.Ordinal)
                        ? $"no EV curve for '{seg}': neither it, its route nor \"ev:*\" has one (ev: keys never fall back to p_land curves)"
                        : $"no curve for segment '{seg}' and no \"*\" fallback");
                output.WriteLine($"{F(curve.Calibrate(x))}\t(segment {curve.Key})");
            }
            else if (parse.GetValue(route) is { } rt && parse.GetValue(arm) is { } a)
            {
                if (!r.TryGetArm(rt, a, parse.GetValue(group), out var v)) throw new KeyNotFoundException($"no arm {a} on route '{rt}'");
                output.WriteLine($"route {v.Route} arm {v.ArmIndex} group {v.LeaderGroup ?? "-"}: alpha {F(v.Alpha)} beta {F(v.Beta)} pulls {F(v.DecayedPulls)} lands {F(v.DecayedLands)} payoff {F(v.PayoffMean)} var {F(v.PayoffVariance)} tip {v.TipLamports} updated {v.LastUpdatedUnixMs}");
            }
            else if (parse.GetValue(route) is { } rt3 && parse.GetValue(hedge))
            {
                var v = r.RouteHedge(rt3);
                output.WriteLine($"route {v.Route}: hedge delay {F(v.HedgeDelayMs)} ms fire rate {F(v.HedgeFireRate)} slo breaches {v.SloBreaches} samples {v.Count}");
            }
            else if (parse.GetValue(route) is { } rt2 && parse.GetValue(endpoint) is { } ep)
            {
                var v = r.Latency(rt2, ep);
                output.WriteLine($"route {v.Route} endpoint {v.Endpoint}: count {v.Count} error {F(v.ErrorRate)} p50 {F(v.P50Ms)} p90 {F(v.P90Ms)} p99 {F(v.P99Ms)} p999 {F(v.P999Ms)} ms");
            }
            else if (parse.GetValue(leader) is { } ld)
            {
                var v = r.Phase(ld);
                output.WriteLine($"leader {v.Leader}: offset {F(v.OptimalOffsetMs)} ms spread {F(v.SpreadMs)} samples {v.SampleCount} kalman x0 {F(v.KalmanInitialState)} p0 {F(v.KalmanInitialVariance)} q {F(v.ProcessNoise)} r {F(v.MeasurementNoise)}");
            }
            else throw new ArgumentException("give --segment/--score, --route/--arm, --route/--endpoint, --route/--hedge or --leader");
            return 0;
        }));
        return cmd;
    }

    private static Command Diff()
    {
        var a = new Argument<string?>("a") { Description = "Path of the first .lut file (or use --table)", Arity = ArgumentArity.ZeroOrOne };
        var b = new Argument<string?>("b") { Description = "Path of the second .lut file", Arity = ArgumentArity.ZeroOrOne };
        var table = new Option<string>("--table") { Description = "Published table: compare --version (default: the one before current) with current" };
        var version = new Option<int?>("--version") { Description = "With --table: the version to compare with current" };
        var root = RootOption();
        var cmd = new Command("diff", "Per calibration segment max absolute difference between two tables") { a, b, table, version, root };
        cmd.SetAction(parse => Guard(parse, output =>
        {
            string pathA, pathB;
            if (parse.GetValue(table) is { } name)
            {
                if (parse.GetValue(a) is not null) throw new ArgumentException("give two files or --table, not both");
                string rootDir = parse.GetValue(root)!;
                var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = rootDir });
                var current = publisher.Current(name) ?? throw new ArgumentException($"table '{name}' has no current version under '{rootDir}'");
                int older = parse.GetValue(version) ?? publisher.Versions(name).Select(p => p.Version).Where(v => v < current.Version).DefaultIfEmpty(0).Max();
                if (older == 0) throw new ArgumentException($"table '{name}' has no version before current {current.Version}; give --version");
                pathA = VersionPath(rootDir, name, older);
                pathB = current.FilePath;
                output.WriteLine($"A = {Path.GetFileName(pathA)}, B = {Path.GetFileName(pathB)} (current)");
            }
            else
            {
                pathA = parse.GetValue(a) ?? throw new ArgumentException("give two .lut files or --table NAME");
                pathB = parse.GetValue(b) ?? throw new ArgumentException("give a second .lut file");
            }
            using var fa = LutFile.Open(pathA);
            using var fb = LutFile.Open(pathB);
            foreach (var d in LutDiff.Calibration(fa.Reader, fb.Reader))
            {
                string presence = d.InA && d.InB ? "" : d.InA ? "\t(only in A)" : "\t(only in B)";
                output.WriteLine($"{d.Segment}\t{(d.MaxAbsDifference is { } m ? F(m) : "no curve")}{presence}");
            }
            return 0;
        }));
        return cmd;
    }

    private static Command Rollback()
    {
        var to = new Option<int>("--to") { Description = "Version to make current", Required = true };
        var table = new Option<string>("--table") { Description = "Table name (default: the only table under the root)" };
        var root = RootOption();
        var cmd = new Command("rollback", "Make an older published version current") { to, table, root };
        cmd.SetAction(parse => Guard(parse, output =>
        {
            string rootDir = parse.GetValue(root)!;
            string name = parse.GetValue(table) ?? SingleTable(rootDir);
            var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = rootDir });
            var now = publisher.Rollback(name, parse.GetValue(to));
            output.WriteLine($"{name}: current is now version {now.Version} ({now.Manifest.FileName})");
            return 0;
        }));
        return cmd;
    }

    private static string SingleTable(string root)
    {
        var tables = Directory.Exists(root) ? Directory.GetDirectories(root) : [];
        return tables.Length == 1 ? Path.GetFileName(tables[0]) : throw new ArgumentException($"--table is required: {tables.Length} tables under '{root}'");
    }

    private static Command List()
    {
        var root = RootOption();
        var cmd = new Command("list", "Every table's published versions: ISO times, rows, headline metrics; * marks current") { root };
        cmd.SetAction(parse => Guard(parse, output =>
        {
            string rootDir = parse.GetValue(root)!;
            var tables = Directory.Exists(rootDir) ? Directory.GetDirectories(rootDir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray() : [];
            if (tables.Length == 0) throw new ArgumentException($"no tables under '{rootDir}'");
            var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = rootDir });
            foreach (var table in tables)
            {
                int? current = publisher.Current(table)?.Version;
                var versions = publisher.Versions(table);
                output.WriteLine($"{table}: {versions.Count} version(s), current {(current is { } c ? c.ToString(CultureInfo.InvariantCulture) : "none")}");
                foreach (var v in versions.OrderBy(v => v.Version))
                {
                    var m = v.Manifest;
                    string metrics = string.Join(" ", Headline(m.Metrics).Select(p => $"{p.Key}={p.Value.ToString("G6", CultureInfo.InvariantCulture)}"));
                    output.WriteLine($"  {(v.Version == current ? "*" : " ")} v{v.Version,-4} created {Iso(m.CreatedAtUnixMs)}  window {Iso(m.WindowFromUnixMs)} .. {Iso(m.WindowToUnixMs)}  rows {m.RowsUsed,10}  {m.SizeBytes,8} B  {metrics}");
                }
            }
            return 0;
        }));
        return cmd;
    }

    /// <summary>The metrics a reader of `lut list` looks for first (quality after the fit, coverage), then the rest, at most 5.</summary>
    private static IEnumerable<KeyValuePair<string, double>> Headline(IReadOnlyDictionary<string, double> metrics)
    {
        string[] first = ["holdout_ece_after", "holdout_logloss_after", "ev_mae_after", "ope_ev_dr", "arms", "routes_breaching_slo",
            "routes", "endpoints", "leaders", "global_cutoff_ms"];
        return first.Where(metrics.ContainsKey).Select(k => new KeyValuePair<string, double>(k, metrics[k]))
            .Concat(metrics.Where(p => !first.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
            .Take(5);
    }

    private static Command Export()
    {
        var source = new LutSource();
        var format = new Option<string>("--format") { Description = "Output format: isot (the legacy single-curve file)", Required = true };
        var key = new Option<string>("--key") { Description = "Calibration key; resolved with fallback exactly as lookup does", Required = true };
        var bins = new Option<int?>("--bins")
        {
            Description = $"Grid values (default: the smallest n >= {IsotCurveExport.DefaultBins} aligned with the curve's grid, so the export equals the LUT at every score)",
        };
        var outFile = new Option<string>("--out") { Description = "Output file", Required = true };
        var cmd = new Command("export", "Write one calibration curve in a legacy format") { format, key, bins, outFile };
        source.AddTo(cmd);
        cmd.SetAction(parse => Guard(parse, output =>
        {
            if (!string.Equals(parse.GetValue(format), "isot", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"--format '{parse.GetValue(format)}' is not supported; use isot");
            using var lut = LutFile.Open(source.Resolve(parse));
            string k = parse.GetValue(key)!;
            if (!lut.Reader.TryGetCurve(k, out var curve)) throw new KeyNotFoundException($"no curve for '{k}' in {lut.Path}");
            int n = parse.GetValue(bins) ?? IsotCurveExport.AlignedBins(curve);
            var bytes = IsotCurveExport.Write(curve, n);
            string path = parse.GetValue(outFile)!;
            File.WriteAllBytes(path, bytes);
            double deviation = IsotCurveExport.MaxAbsDeviation(curve, bytes);
            output.WriteLine($"{path}: {bytes.Length} bytes, {n} values over [{F(curve.XMin)}, {F(curve.XMax)}] from segment {curve.Key} of {Path.GetFileName(lut.Path)}; " +
                             $"max |isot - lut| = {deviation.ToString("G3", CultureInfo.InvariantCulture)}");
            if ((n - 1) % (curve.GridCount - 1) != 0)
                parse.InvocationConfiguration.Error.WriteLine($"warning: {n} bins do not align with the curve's {curve.GridCount}-point grid; between samples the export differs from the LUT by up to {deviation.ToString("G3", CultureInfo.InvariantCulture)} (omit --bins for {IsotCurveExport.AlignedBins(curve)})");
            return 0;
        }));
        return cmd;
    }

    private static Command Bench()
    {
        var source = new LutSource();
        var key = new Option<string>("--key") { Description = "Calibration key (default: the longest p_land key with its own curve)" };
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds per variant (default 300)", DefaultValueFactory = _ => 300 };
        var cmd = new Command("bench", "Time calibrated lookups on a table: by key (UTF-8, string) against a resolved curve (target <= 10 ns by key)")
        {
            key, rounds,
        };
        source.AddTo(cmd);
        cmd.SetAction(parse => Guard(parse, output =>
        {
            using var lut = LutFile.Open(source.Resolve(parse));
            var r = lut.Reader;
            var keys = new List<string>();
            for (int i = 0; i < r.SegmentCount; i++)
                if (r.SegmentAt(i) is { HasCurve: true } c && !c.Key.StartsWith("ev:", StringComparison.Ordinal)) keys.Add(c.Key);
            string k = parse.GetValue(key) ?? keys.OrderByDescending(c => c.Length).ThenBy(c => c, StringComparer.Ordinal).FirstOrDefault()
                ?? throw new ArgumentException("the table has no calibration curve");
            var result = LutLookupBench.Run(lut, k, parse.GetValue(rounds));
            output.WriteLine($"{Path.GetFileName(lut.Path)}: key '{result.Key}' -> segment {result.Segment}, key index {(r.HasKeyIndex ? "yes" : "no")}, " +
                             $"{result.Rounds} rounds per variant, ns per lookup (min / median)");
            void Line(string name, LutLookupTiming t) => output.WriteLine(
                $"  {name,-22} {t.MinNs,7:F2} / {t.MedianNs,7:F2}   x{t.MinNs / result.Resolved.MinNs:F2} the resolved curve");
            Line("resolved curve", result.Resolved);
            Line("by UTF-8 key", result.ByUtf8Key);
            Line("by string key", result.ByStringKey);
            return 0;
        }));
        return cmd;
    }

    private static Command Fuzz()
    {
        var cases = new Option<int>("--cases") { Description = "Mutated files to try (default 100000)", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (default 1)", DefaultValueFactory = _ => 1 };
        var cmd = new Command("fuzz", "Fuzz the reader with mutated, truncated and extended files; exit 1 on any non-format failure") { cases, seed };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var report = LutFuzz.Run(parse.GetValue(seed), parse.GetValue(cases));
            output.WriteLine($"cases {report.Cases}: accepted {report.Accepted}, rejected {report.Rejected}, failures {report.Failures.Count}, slowest {report.SlowestCaseMilliseconds:F2} ms");
            foreach (var (reason, n) in report.RejectedByReason.OrderBy(p => p.Key)) output.WriteLine($"  {reason}: {n}");
            foreach (var f in report.Failures.Take(20)) output.WriteLine($"  FAILURE {f}");
            return report.Failures.Count == 0 ? 0 : 1;
        });
        return cmd;
    }
}
