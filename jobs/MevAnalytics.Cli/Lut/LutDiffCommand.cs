using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Lut;
using static MevAnalytics.Cli.Lut.LutText;

namespace MevAnalytics.Cli.Lut;

/// <summary><c>mev lut diff</c>: per calibration segment and per keyed row (arm, latency, hedge, phase), the
/// largest difference between two tables. Exit 0 compared, 3 not comparable (different kinds, or no key in common),
/// 1 failed.</summary>
public static class LutDiffCommand
{
    /// <summary>Exit code of two tables that cannot be compared.</summary>
    public const int NotComparable = 3;

    public static Command Create()
    {
        var a = new Argument<string?>("a")
        {
            Description = "Path of the first .lut file (or use --table)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var b = new Argument<string?>("b")
        {
            Description = "Path of the second .lut file",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var table = new Option<string>("--table")
        {
            Description = "Published table: compare --version (default: the one before current) with current",
        };
        var version = new Option<int?>("--version")
        {
            Description = "With --table: the version to compare with current",
        };
        var root = LutSource.RootOption();
        var cmd = new Command("diff", "Per calibration segment and per arm, latency, hedge or phase row, the largest " +
                                      "difference between two tables of one kind (exit 3: not comparable)")
        {
            a, b, table, version, root,
        };
        cmd.SetAction((parse, ct) => CommandAction.Run(parse, ct, output =>
        {
            string pathA, pathB;
            if (parse.GetValue(table) is { } name)
            {
                if (parse.GetValue(a) is not null) throw new ArgumentException("give two files or --table, not both");
                string rootDir = LutSource.RootOf(parse, root);
                var publisher = new LutPublisher(new LutPublisherOptions { ArtifactRoot = rootDir });
                var current = publisher.Current(name)
                              ?? throw new ArgumentException(
                                  $"table '{name}' has no current version under '{rootDir}'");
                int older = parse.GetValue(version) ?? publisher.Versions(name).Select(p => p.Version)
                    .Where(v => v < current.Version).DefaultIfEmpty(0).Max();
                if (older == 0)
                    throw new ArgumentException(
                        $"table '{name}' has no version before current {current.Version}; give --version");
                pathA = LutSource.VersionPath(rootDir, name, older);
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
            var (kindA, kindB) = (fa.Reader.ReadHeader().Kind, fb.Reader.ReadHeader().Kind);
            if (kindA != kindB)
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"error: not comparable: A is a {kindA} table, B a {kindB} table");
                return NotComparable;
            }
            var segments = LutDiff.Calibration(fa.Reader, fb.Reader);
            var rows = LutRowDiff.Of(fa.Reader, fb.Reader);
            foreach (var d in segments)
            {
                string presence = d.InA && d.InB ? "" : d.InA ? "\t(only in A)" : "\t(only in B)";
                output.WriteLine($"{d.Segment}\t{(d.MaxAbsDifference is { } m ? Number(m) : "no curve")}{presence}");
            }
            foreach (var d in rows)
                output.WriteLine($"{d.Section} {d.Key}\t" + (d.MaxAbsDifference is { } m
                    ? $"max |diff| {Number(m)} ({d.Field})"
                    : d.InA ? "(only in A)" : "(only in B)"));
            if (segments.Any(d => d.InA && d.InB) || rows.Any(d => d.InA && d.InB)) return 0;
            parse.InvocationConfiguration.Error.WriteLine(
                "error: not comparable: the tables have no segment or row key in common");
            return NotComparable;
        }));
        return cmd;
    }
}
