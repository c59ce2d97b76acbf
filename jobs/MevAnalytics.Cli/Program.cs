using System.CommandLine;
using MevAnalytics.Cli;

// Ctrl+C cancels the command's token; give a running job (and `mev serve`'s 30 s shutdown) time to finish cleanly
// instead of System.CommandLine's default 2 s before it ends the process.
return await MevCli.Build().Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(35) });
