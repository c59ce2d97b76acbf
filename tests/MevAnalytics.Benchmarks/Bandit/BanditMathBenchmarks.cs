using BenchmarkDotNet.Attributes;
using MevAnalytics.Bandit.Arms;
using MevAnalytics.Phase;

namespace MevAnalytics.Benchmarks.Bandit;

/// <summary>
/// The pure math of the bandit and phase jobs at production-like sizes: 30 days of 5-minute rollups for
/// 8 routes x 6 tip arms (414,720 rows), and 300 leaders x 5,000 phase samples.
/// Run: dotnet run -c Release --project tests/MevAnalytics.Benchmarks -- --filter '*BanditMath*'
/// </summary>
[MemoryDiagnoser]
public class BanditMathBenchmarks
{
    private static readonly DateTime AsOf = new(2026, 1, 31, 0, 0, 0, DateTimeKind.Utc);
    private List<ArmRollupRow> _rows = [];
    private List<PhaseHistogramRow> _histogram = [];
    private List<PhaseSample> _landingTimes = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (var route = 0; route < 8; route++)
            for (var arm = 0; arm < 6; arm++)
            {
                var rate = 0.2 + 0.05 * route + 0.06 * arm;
                for (var b = 0; b < 30 * 288; b++)
                {
                    long pulls = 200 + rng.Next(50);
                    var lands = (long)Math.Round(pulls * rate + (rng.NextDouble() - 0.5) * 10);
                    _rows.Add(new ArmRollupRow(AsOf.AddMinutes(-5 * (b + 1)), $"route{route}", arm, null, pulls, lands,
                        lands * 0.01, lands * 0.0001 * 1.1, pulls * 10_000.0 * (arm + 1)));
                }
            }
        var samples = new List<PhaseSample>();
        for (var leader = 0; leader < 300; leader++)
        {
            var cutoff = 150 + 200 * rng.NextDouble();
            for (var i = 0; i < 5000; i++)
            {
                var phase = rng.NextDouble() * 400;
                var landed = rng.NextDouble() < 0.7 / (1 + Math.Exp(-(cutoff - phase) / 10));
                samples.Add(new PhaseSample($"L{leader}", AsOf.AddSeconds(i * 2 + leader), phase, landed,
                    landed ? cutoff + 30 - phase + rng.NextDouble() * 20 : null));
            }
        }
        // What the phase job reads from ClickHouse: the 1 ms histogram and the landed sends.
        _histogram = samples.GroupBy(s => (s.Leader, Bin: Math.Floor(s.PhaseOffsetMs)))
            .Select(g => new PhaseHistogramRow(g.Key.Leader, g.Key.Bin, g.Count(), g.Count(s => s.Landed))).ToList();
        _landingTimes = samples.Where(s => s.Landed).ToList();
    }

    [Benchmark]
    public int BanditFit30Days() => BanditFit.Fit(_rows, AsOf, new BanditOptions()).Arms.Count;

    [Benchmark]
    public int PhaseAnalysis300Leaders() =>
        PhaseAnalysis.Analyze(_histogram, _landingTimes, new PhaseOptions()).Leaders.Count;
}
