using System.CommandLine;
using MevAnalytics.Cli.Commands;

namespace MevAnalytics.Cli;

/// <summary>The <c>mev</c> command tree (built here so tests can parse and invoke it in-process).</summary>
public static class MevCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "MevAnalytics: offline calibration, bandit statistics and LUT export for the MEV searcher runtime.");
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(SqlCommand.Create());
        root.Subcommands.Add(EngineCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MevAnalytics.Cli.Lut.LutCommand.Create());
        root.Subcommands.Add(SourcesCommand.Create());
        root.Subcommands.Add(BackfillCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        return root;
    }
}
