using System.CommandLine;
using MevAnalytics.Cli.Terminal;
using MevAnalytics.Lut;

namespace MevAnalytics.Cli.Lut;

/// <summary><c>mev lut rollback</c>: makes an older published version current.</summary>
public static class LutRollbackCommand
{
    public static Command Create()
    {
        var to = new Option<int>("--to") { Description = "Version to make current", Required = true };
        var table = new Option<string>("--table")
        {
            Description = "Table name (default: the only table under the root)",
        };
        var root = LutSource.RootOption();
        var cmd = new Command("rollback", "Make an older published version current") { to, table, root };
        cmd.SetAction((parse, ct) => CommandAction.Run(parse, ct, output =>
        {
            string rootDir = LutSource.RootOf(parse, root);
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
        return tables.Length == 1
            ? Path.GetFileName(tables[0])
            : throw new ArgumentException($"--table is required: {tables.Length} tables under '{root}'");
    }
}
