using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Lut;
using static MevAnalytics.Cli.Lut.LutText;

namespace MevAnalytics.Cli.Lut;

/// <summary><c>mev lut diff</c>: per calibration segment, the largest difference between two tables.</summary>
public static class LutDiffCommand
{
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
        var cmd = new Command("diff", "Per calibration segment max absolute difference between two tables")
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
            foreach (var d in LutDiff.Calibration(fa.Reader, fb.Reader))
            {
                string presence = d.InA && d.InB ? "" : d.InA ? "\t(only in A)" : "\t(only in B)";
                output.WriteLine($"{d.Segment}\t{(d.MaxAbsDifference is { } m ? Number(m) : "no curve")}{presence}");
            }
            return 0;
        }));
        return cmd;
    }
}
