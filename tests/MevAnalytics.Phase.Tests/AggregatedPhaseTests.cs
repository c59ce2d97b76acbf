using MevAnalytics.Fitting;
using MevAnalytics.Phase;
using MevAnalytics.Phase.Tests.Simulation;

namespace MevAnalytics.Phase.Tests;

public class AggregatedPhaseTests
{
    /// <summary>
    /// ClickHouse may return a leader's bin split over several rows (parts, shards) and in any order; the fit must only
    /// see the sums. Every send as its own row, shuffled, must give
    /// exactly the profiles of the grouped histogram; landing times arrive newest first, as the query orders them.
    /// </summary>
    [Fact]
    public void Split_and_shuffled_histogram_rows_give_the_same_profiles_as_grouped_rows()
    {
        var rng = new Random(8);
        var samples = new List<PhaseSample>();
        for (var i = 0; i < 6; i++)
            samples.AddRange(PhaseHistoryGenerator.Samples(new TrueLeader($"L{i}", 200 + 25 * i, 8, 0.6, 5, 50, 300),
                i < 4 ? 1200 : 100, 2, rng, out _));
        var options = new PhaseOptions();
        var grouped = samples.GroupBy(s => (s.Leader, Bin: Math.Floor(s.PhaseOffsetMs)))
            .Select(g => new PhaseHistogramRow(g.Key.Leader, g.Key.Bin, g.Count(), g.Count(s => s.Landed))).ToList();
        var expected = PhaseAnalysis.Analyze(grouped, samples.Where(s => s.Landed).ToList(), options);

        var split = samples
            .Select(s => new PhaseHistogramRow(s.Leader, Math.Floor(s.PhaseOffsetMs), 1, s.Landed ? 1 : 0))
            .OrderBy(_ => rng.Next()).ToList();
        var newestFirst = samples.Where(s => s.Landed)
            .OrderByDescending(s => s.Time).ToList(); // as the query returns them
        var actual = PhaseAnalysis.Analyze(split, newestFirst, options);

        Assert.Equal(6, actual.Leaders.Count);
        Assert.Equal(expected.Leaders.Count, actual.Leaders.Count);
        foreach (var (e, a) in expected.Leaders.Zip(actual.Leaders))
        {
            Assert.Equal(e.Leader, a.Leader);
            Assert.Equal(e.Samples, a.Samples);
            Assert.Equal(e.Lands, a.Lands);
            Assert.Equal(e.CutoffIsFallback, a.CutoffIsFallback);
            Assert.Equal(e.Cutoff, a.Cutoff);
            Assert.Equal(e.Bins, a.Bins);
            Assert.Equal(e.Kalman, a.Kalman);
        }
        Assert.Equal(expected.Global.Cutoff, actual.Global.Cutoff);
    }

    [Fact]
    public void Bad_histogram_rows_are_counted_or_throw_in_strict_mode()
    {
        PhaseHistogramRow[] rows =
        [
            new("A", 100, 600, 300), new("", 10, 5, 1), new("A", 400, 5, 1), new("A", 20, 5, 6),
            new("A", double.NaN, 5, 1),
        ];
        var result = PhaseAnalysis.Analyze(rows, [], new PhaseOptions());
        Assert.Equal(4, result.Skipped.Total);
        Assert.Equal(600, result.Leaders.Single().Samples);
        var e = Assert.Throws<InputRowException>(
            () => PhaseAnalysis.Analyze(rows, [], new PhaseOptions { StrictInput = true }));
        Assert.Equal(1, e.RowIndex);
        Assert.Equal("Leader", e.Column);
    }
}
