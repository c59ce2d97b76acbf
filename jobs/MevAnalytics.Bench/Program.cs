using System.CommandLine;
using MevAnalytics.Bench.Lut;

namespace MevAnalytics.Bench;

/// <summary>
/// The bench tool behind <c>./mev bench …</c>, <c>./mev lut bench</c> and <c>./mev lut fuzz</c>: peers (ML.NET,
/// scikit-learn, the engine's own scan) are measured here, in a program of its own, so the shipped <c>mev</c>
/// carries none of them.
/// </summary>
public static class BenchProgram
{
    public static Task<int> Main(string[] args) =>
        new RootCommand("MevAnalytics bench tool: end-to-end benchmarks and the LUT reader's fuzzer.")
        {
            BenchCommand.Create(),
            LutToolCommand.Create(),
        }.Parse(args).InvokeAsync();
}
