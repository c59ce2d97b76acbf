using System.CommandLine;
using MevAnalytics.Bench.Lut;
using MevAnalytics.Cli.Terminal;

namespace MevAnalytics.Bench;

/// <summary>
/// The bench tool behind <c>./mev bench …</c>, <c>./mev lut bench</c> and <c>./mev lut fuzz</c>: peers (ML.NET,
/// scikit-learn, the engine's own scan) are measured here, in a program of its own, so the shipped <c>mev</c>
/// carries none of them.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var parse = new RootCommand("MevAnalytics bench tool: end-to-end benchmarks and the LUT reader's fuzzer.")
        {
            BenchCommand.Create(),
            LutToolCommand.Create(),
        }.Parse(args);
        // One error line for a bad command line, as mev prints it.
        if (args.Length > 0 && parse.Errors.Count > 0)
        {
            Console.Error.WriteLine("error: " + CommandLineError.Text(parse) +
                                    " (mev bench --help lists the benchmarks and options)");
            return 1;
        }
        return await parse.InvokeAsync();
    }
}
