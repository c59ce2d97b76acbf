using MevAnalytics.Bandit.Phase;
using MevAnalytics.Bandit.Tests.Simulation;

namespace MevAnalytics.Bandit.Tests.Phase;

public class AggregatedPhaseTests
{
    /// <summary>The histogram + landing-time entry point (what the job feeds from ClickHouse) against the per-sample one as oracle.</summary>
    [Fact]
    public void Histogram_input_gives_the_same_profiles_as_the_raw_samples()
    {
        var rng = new Random(8);
        var samples = new List<PhaseSample>();
        for (var i = 0; i < 6; i++)
            samples.AddRange(PhaseHistoryGenerator.Samples(new TrueLeader($"L{i}", 200 + 25 * i, 8, 0.6, 5, 50, 300), i < 4 ? 1200 : 100, 2, rng, out _));
        var options = new PhaseOptions();
        var expected = PhaseAnalysis.Analyze(samples, options);

        var histogram = samples.GroupBy(s => (s.Leader, Bin: Math.Floor(s.PhaseOffsetMs)))
            .Select(g => new PhaseHistogramRow(g.Key.Leader, g.Key.Bin, g.Count(), g.Count(s => s.Landed))).ToList();
        var landingTimes = samples.Where(s => s.Landed).ToList();
        var actual = PhaseAnalysis.Analyze(histogram, landingTimes, options);

        Assert.Equal(expected.Leaders.Count, actual.Leaders.Count);
        foreach (var (e, a) in expected.Leaders.Zip(actual.Leaders))
        {
            Assert.Equal(e.Leader, a.Leader);
            Assert.Equal(e.Samples, a.Samples);
            Assert.Equal(e.Lands, a.Lands);
            Assert.Equal(e.CutoffIsFallback, a.CutoffIsFallback);
            Assert.Equal(e.Cutoff.CutoffMs, a.Cutoff.CutoffMs, 6);
            Assert.Equal(e.Kalman.ProcessNoiseMs2PerSecond, a.Kalman.ProcessNoiseMs2PerSecond, 6);
            Assert.Equal(e.Kalman.InitialStateMs, a.Kalman.InitialStateMs, 6);
        }
        Assert.Equal(expected.Global.Cutoff.CutoffMs, actual.Global.Cutoff.CutoffMs, 6);
    }

    [Fact]
    public void Bad_histogram_rows_are_counted_or_throw_in_strict_mode()
    {
        PhaseHistogramRow[] rows =
        [
            new("A", 100, 600, 300), new("", 10, 5, 1), new("A", 400, 5, 1), new("A", 20, 5, 6), new("A", double.NaN, 5, 1),
        ];
        var result = PhaseAnalysis.Analyze(rows, [], new PhaseOptions());
        Assert.Equal(4, result.Skipped.Total);
        Assert.Equal(600, result.Leaders.Single().Samples);
        var e = Assert.Throws<InputRowException>(() => PhaseAnalysis.Analyze(rows, [], new PhaseOptions { StrictInput = true }));
        Assert.Equal(1, e.RowIndex);
        Assert.Equal("Leader", e.Column);
    }
}
