using System.Diagnostics;
using System.Text;
using MevAnalytics.Lut;

namespace MevAnalytics.Bench.Lut;

/// <summary>Lookup cost measured on a table: per variant the fastest and the median round, in ns per lookup.</summary>
/// <param name="Key">Key looked up.</param>
/// <param name="Segment">Segment the key resolves to.</param>
/// <param name="Rounds">Measured rounds per variant.</param>
/// <param name="Resolved">Curve resolved once, then interpolated per score (the peer).</param>
/// <param name="ByUtf8Key">Resolved from the UTF-8 key on every lookup.</param>
/// <param name="ByStringKey">Resolved from the string key on every lookup.</param>
/// <param name="GridResolved">The peer: the same curve resolved once on the format-1 grid of the same content.</param>
/// <param name="GridByUtf8Key">The peer by UTF-8 key on every lookup.</param>
public sealed record LutLookupBenchResult(string Key, string Segment, int Rounds, LutLookupTiming Resolved,
    LutLookupTiming ByUtf8Key, LutLookupTiming ByStringKey, LutLookupTiming GridResolved,
    LutLookupTiming GridByUtf8Key);

/// <summary>Fastest and median round of one variant, ns per lookup.</summary>
public readonly record struct LutLookupTiming(double MinNs, double MedianNs);

/// <summary>
/// `mev lut bench`: times calibrated lookups on a real table and on the format-1 grid of the same content (the peer:
/// what the runtime read before format 2), the variants interleaved round by round so they see the same machine.
/// Rounds are short (about 20k lookups) so that on a shared machine some fall between other processes' time slices;
/// the minimum is the figure least disturbed by them, the median shows the disturbance.
/// </summary>
public static class LutLookupBench
{
    private const int Lookups = 1024;
    private const int Repeat = 20;

    /// <summary>Runs <paramref name="rounds"/> measured rounds (after warm-up) of each variant on
    /// <paramref name="key"/>, in <paramref name="file"/> and in <paramref name="grid"/> (the same content in format
    /// 1).</summary>
    public static LutLookupBenchResult Run(LutFile file, LutFile grid, string key, int rounds = 300)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        byte[] utf8 = Encoding.UTF8.GetBytes(key);
        if (!file.Reader.TryGetCurve(utf8, out var c)) throw new KeyNotFoundException($"no curve for '{key}'");
        string segment = c.Key;
        var random = new Random(1);
        double span = c.XMax - c.XMin;
        var scores = new double[Lookups];
        for (int i = 0; i < Lookups; i++)
            scores[i] = c.XMin - 0.1 * span + 1.2 * span * random.NextDouble(); // some clip

        Func<double> Resolved(LutFile f) => () =>
        {
            f.Reader.TryGetCurve(utf8, out var curve);
            double sum = 0;
            foreach (double s in scores) sum += curve.Calibrate(s);
            return sum;
        };
        Func<double> ByUtf8Key(LutFile f) => () =>
        {
            var reader = f.Reader;
            double sum = 0;
            foreach (double s in scores) sum += reader.Calibrate(utf8, s);
            return sum;
        };
        Func<double>[] variants =
        [
            Resolved(file),
            ByUtf8Key(file),
            () =>
            {
                var reader = file.Reader;
                double sum = 0;
                foreach (double s in scores) sum += reader.Calibrate(key, s);
                return sum;
            },
            Resolved(grid),
            ByUtf8Key(grid),
        ];
        var ns = new double[variants.Length][];
        for (int v = 0; v < variants.Length; v++) ns[v] = new double[rounds];
        double sink = 0;
        for (int warm = 0; warm < 100; warm++) foreach (var f in variants) sink += f(); // reach tier-1 code
        for (int r = 0; r < rounds; r++)
            for (int v = 0; v < variants.Length; v++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int k = 0; k < Repeat; k++) sink += variants[v]();
                ns[v][r] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / (Repeat * Lookups);
            }
        GC.KeepAlive(sink);
        return new LutLookupBenchResult(key, segment, rounds, Timing(ns[0]), Timing(ns[1]), Timing(ns[2]),
            Timing(ns[3]), Timing(ns[4]));
    }

    private static LutLookupTiming Timing(double[] ns)
    {
        var sorted = ns.Order().ToArray();
        return new LutLookupTiming(sorted[0], sorted[sorted.Length / 2]);
    }
}
