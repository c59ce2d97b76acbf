using System.CommandLine;
using MevAnalytics.Cli.Lut;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Lut;

namespace MevAnalytics.Bench.Lut;

/// <summary><c>mev lut bench</c> and <c>mev lut fuzz</c>: the lookup bench on a published table and the reader's
/// fuzzer, tools for the runtime team that the shipped <c>mev</c> does not carry.</summary>
public static class LutToolCommand
{
    public static Command Create() => new("lut", "Lookup bench and reader fuzzer of the LUT format")
    {
        Bench(),
        Fuzz(),
    };

    private static Command Bench()
    {
        var source = new LutSource();
        var key = new Option<string>("--key")
        {
            Description = "Calibration key (default: the longest p_land key with its own curve)",
        };
        var rounds = new Option<int>("--rounds")
        {
            Description = "Measured rounds per variant (default 300)",
            DefaultValueFactory = _ => 300,
        };
        var cmd = new Command("bench", "Time calibrated lookups on a table, resolved and by key (UTF-8, string), " +
                                       "against the format-1 grid of the same curves (targets: resolved <= 1.5x " +
                                       "the grid and <= 5 ns, by key <= 10 ns)") { key, rounds };
        source.AddTo(cmd);
        cmd.SetAction((parse, ct) => CommandAction.Run(parse, ct, output =>
        {
            using var lut = LutFile.Open(source.Resolve(parse));
            var r = lut.Reader;
            var keys = new List<string>();
            for (int i = 0; i < r.SegmentCount; i++)
                if (r.SegmentAt(i) is { HasCurve: true } c && !c.Key.StartsWith("ev:", StringComparison.Ordinal))
                    keys.Add(c.Key);
            string k = parse.GetValue(key)
                       ?? keys.OrderByDescending(c => c.Length).ThenBy(c => c, StringComparer.Ordinal).FirstOrDefault()
                       ?? throw new ArgumentException("the table has no calibration curve");
            // The peer: the same content as the format-1 grid the runtime read before (knots, 256 points per curve).
            using var grid = LutFile.FromBytes(LutWriter.Write(LutDecoder.Content(r), formatVersion: 1));
            var result = LutLookupBench.Run(lut, grid, k, parse.GetValue(rounds));
            output.WriteLine($"{Path.GetFileName(lut.Path)} (format {r.FormatVersion}): key '{result.Key}' -> " +
                             $"segment {result.Segment}, key index {(r.HasKeyIndex ? "yes" : "no")}, " +
                             $"{result.Rounds} rounds per variant, ns per lookup (min / median)");
            void Line(string name, LutLookupTiming t, LutLookupTiming peer) => output.WriteLine(
                $"  {name,-26} {t.MinNs,7:F2} / {t.MedianNs,7:F2}   x{t.MinNs / peer.MinNs:F2} the format-1 grid");
            Line("resolved curve", result.Resolved, result.GridResolved);
            Line("by UTF-8 key", result.ByUtf8Key, result.GridByUtf8Key);
            Line("by string key", result.ByStringKey, result.GridByUtf8Key);
            Line("format-1 grid, resolved", result.GridResolved, result.GridResolved);
            Line("format-1 grid, UTF-8 key", result.GridByUtf8Key, result.GridByUtf8Key);
            return 0;
        }));
        return cmd;
    }

    private static Command Fuzz()
    {
        var cases = new Option<int>("--cases")
        {
            Description = "Mutated files to try (default 100000)",
            DefaultValueFactory = _ => 100_000,
        };
        var seed = new Option<int>("--seed") { Description = "Random seed (default 1)", DefaultValueFactory = _ => 1 };
        var cmd = new Command("fuzz", "Fuzz the reader with mutated, truncated and extended files; exit 1 on any " +
                                      "non-format failure") { cases, seed };
        cmd.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var report = LutFuzz.Run(parse.GetValue(seed), parse.GetValue(cases));
            output.WriteLine($"cases {report.Cases}: accepted {report.Accepted}, rejected {report.Rejected}, " +
                             $"failures {report.Failures.Count}, slowest {report.SlowestCaseMilliseconds:F2} ms");
            foreach (var (reason, n) in report.RejectedByReason.OrderBy(p => p.Key))
                output.WriteLine($"  {reason}: {n}");
            foreach (var f in report.Failures.Take(20)) output.WriteLine($"  FAILURE {f}");
            return report.Failures.Count == 0 ? 0 : 1;
        });
        return cmd;
    }
}
