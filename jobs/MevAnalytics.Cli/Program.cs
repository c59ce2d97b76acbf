using System.CommandLine;
using MevAnalytics.Cli;
using MevAnalytics.Cli.Terminal;

var parse = MevCli.Build().Parse(args);
// A bad command line is one error line like any other failure (exit 1), not System.CommandLine's text and help.
if (args.Length > 0 && parse.Errors.Count > 0)
{
    Console.Error.WriteLine("error: " + CommandLineError.Text(parse) +
                            " (mev --help lists the commands and options)");
    return 1;
}
// Ctrl+C cancels the command's token; give a running job (and `mev serve`'s 30 s shutdown) time to finish cleanly
// instead of System.CommandLine's default 2 s before it ends the process.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(35) });
