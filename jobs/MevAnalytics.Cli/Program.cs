using System.CommandLine;
using MevAnalytics.Cli.Commands;

var root = new RootCommand("MevAnalytics: offline calibration, bandit statistics and LUT export for the MEV searcher runtime.");
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
root.Subcommands.Add(SqlCommand.Create());
root.Subcommands.Add(EngineCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return await root.Parse(args).InvokeAsync();
