using MathNet.Numerics.Distributions;
using MevAnalytics.Fitting;
using MevAnalytics.Oracles.Phase;
using MevAnalytics.Phase;
using MevAnalytics.Phase.Tests.Simulation;

namespace MevAnalytics.Phase.Tests;

public class PhaseAnalysisTests
{
    [Fact]
    public void Recovered_cutoffs_are_within_12ms_for_leaders_with_enough_samples()
    {
        // Stated tolerance: 12 ms for leaders with >= 1,500 samples (phases uniform over the slot, scale 4-15 ms).
        var rng = new Random(21);
        var truth = new List<TrueLeader>();
        var samples = new List<PhaseSample>();
        for (var i = 0; i < 16; i++)
        {
            var leader = new TrueLeader($"L{i:00}", 150 + 200 * rng.NextDouble(), 4 + 11 * rng.NextDouble(),
                0.4 + 0.45 * rng.NextDouble(), 5, 50, 300);
            truth.Add(leader);
            samples.AddRange(PhaseHistoryGenerator.Samples(leader, i < 12 ? 1500 + 200 * i : 150, 2, rng, out _));
        }
        var result = PerSamplePhaseAnalysis.Analyze(samples, new PhaseOptions());
        Assert.Equal(16, result.Leaders.Count);
        var errors = new List<double>();
        foreach (var t in truth.Take(12))
        {
            var p = result.Leaders.Single(l => l.Leader == t.Name);
            Assert.False(p.CutoffIsFallback);
            var error = Math.Abs(p.Cutoff.CutoffMs - t.CutoffMs);
            errors.Add(error);
            Assert.True(error <= 12, $"{t.Name}: fitted {p.Cutoff.CutoffMs:F1} vs true {t.CutoffMs:F1}");
            Assert.True(error <= 4 * p.Cutoff.CutoffStdErrMs + 1,
                $"{t.Name}: error {error:F1} vs stderr {p.Cutoff.CutoffStdErrMs:F2}");
            Assert.InRange(p.Cutoff.PlateauRate, t.Plateau - 0.06, t.Plateau + 0.06);
            Assert.True(p.Cutoff.RecommendedOffsetMs < p.Cutoff.CutoffMs);
            // The recommended offset lands at 95% of the plateau under the true model, within tolerance.
            var trueRate = 1 / (1 + Math.Exp(-(t.CutoffMs - p.Cutoff.RecommendedOffsetMs) / t.ScaleMs));
            Assert.InRange(trueRate, 0.75, 1.0);
        }
        Assert.True(errors.Average() < 5, $"mean error {errors.Average():F2} ms");
        foreach (var t in truth.Skip(12))
        {
            var p = result.Leaders.Single(l => l.Leader == t.Name);
            Assert.True(p.CutoffIsFallback);
            Assert.Equal(result.Global.Cutoff, p.Cutoff);
            Assert.Equal(150, p.Samples);
        }
        Assert.Equal(16, result.Global.Bins.Count);
        Assert.Equal(samples.Count, result.Global.Bins.Sum(b => b.Samples));
        Assert.Equal(samples.Count(s => s.Landed), result.Global.Bins.Sum(b => b.Lands));
    }

    [Theory]
    [InlineData(20.0, 100.0, 2.0, 1)]
    [InlineData(2.0, 25.0, 5.0, 2)]
    [InlineData(50.0, 400.0, 1.0, 3)]
    public void Local_level_mle_recovers_q_and_r_on_irregular_times(double q, double r, double meanGap, int seed)
    {
        var rng = new Random(seed);
        var obs = new List<LocalLevelModel.Observation>();
        double t = 0, level = 250;
        for (var i = 0; i < 4000; i++)
        {
            var gap = Exponential.Sample(rng, 1 / meanGap);
            t += gap;
            level += Normal.Sample(rng, 0, Math.Sqrt(q * gap));
            obs.Add(new(t, level + Normal.Sample(rng, 0, Math.Sqrt(r))));
        }
        var (qHat, rHat) = LocalLevelModel.Fit([obs]);
        Assert.InRange(qHat / q, 0.7, 1.4);
        Assert.InRange(rHat / r, 0.8, 1.25);
        var (_, state, variance) = LocalLevelModel.Filter(obs, qHat, rHat);
        Assert.True(Math.Abs(state - level) < 4 * Math.Sqrt(variance),
            $"state {state:F1} vs level {level:F1}, sd {Math.Sqrt(variance):F1}");
    }

    [Fact]
    public void Kalman_parameters_per_leader_and_fallbacks()
    {
        var rng = new Random(5);
        var busy = new TrueLeader("busy", 300, 8, 0.8, 10, 80, 330);
        var quiet = new TrueLeader("quiet", 250, 8, 0.8, 10, 80, 330);
        var samples = PhaseHistoryGenerator.Samples(busy, 8000, 2, rng, out var busyLevel);
        samples.AddRange(PhaseHistoryGenerator.Samples(quiet, 30, 2, rng, out _));
        var result = PerSamplePhaseAnalysis.Analyze(samples, new PhaseOptions { MaxKalmanObservations = 3000 });
        var b = result.Leaders.Single(l => l.Leader == "busy");
        Assert.False(b.KalmanIsFallback);
        Assert.Equal(3000, b.Kalman.Observations);
        Assert.InRange(b.Kalman.MeasurementNoiseMs2 / 80, 0.7, 1.4);
        Assert.InRange(b.Kalman.ProcessNoiseMs2PerSecond / 10, 0.5, 2.0);
        Assert.True(Math.Abs(b.Kalman.InitialStateMs - busyLevel) < 4 * Math.Sqrt(b.Kalman.InitialVarianceMs2));
        var qd = result.Leaders.Single(l => l.Leader == "quiet");
        Assert.True(qd.KalmanIsFallback);
        Assert.True(qd.CutoffIsFallback);
        Assert.Equal(result.Global.Kalman.ProcessNoiseMs2PerSecond, qd.Kalman.ProcessNoiseMs2PerSecond);
        Assert.True(qd.Kalman.InitialVarianceMs2 > 0 && double.IsFinite(qd.Kalman.InitialStateMs));
    }

    [Fact]
    public void Bad_samples_are_counted_and_empty_input_gives_finite_output()
    {
        var t = PhaseHistoryGenerator.Start;
        var samples = new[]
        {
            new PhaseSample("a", t, 100, true, 50),
            new PhaseSample("a", t, double.NaN, true, 50),
            new PhaseSample("a", t, 400, false, null),
            new PhaseSample("a", t, -1, false, null),
            new PhaseSample("a", t, 10, true, -5),
            new PhaseSample("", t, 10, true, 5),
        };
        var result = PerSamplePhaseAnalysis.Analyze(samples, new PhaseOptions());
        Assert.Equal(5, result.Skipped.Total);
        Assert.Equal(2, result.Skipped.Counts["PhaseOffsetMs is outside [0, 400)"]);
        var ex = Assert.Throws<InputRowException>(
            () => PerSamplePhaseAnalysis.Analyze(samples, new PhaseOptions { StrictInput = true }));
        Assert.Equal(1, ex.RowIndex);
        Assert.Equal("PhaseOffsetMs", ex.Column);

        foreach (var r in new[] { result, PerSamplePhaseAnalysis.Analyze([], new PhaseOptions()) })
            foreach (var p in r.Leaders.Append(r.Global))
            {
                Assert.All(new[] { p.Cutoff.CutoffMs, p.Cutoff.ScaleMs, p.Cutoff.PlateauRate, p.Cutoff.CutoffStdErrMs,
                    p.Cutoff.RecommendedOffsetMs, p.Kalman.InitialStateMs, p.Kalman.InitialVarianceMs2,
                    p.Kalman.ProcessNoiseMs2PerSecond, p.Kalman.MeasurementNoiseMs2 },
                    v => Assert.True(double.IsFinite(v)));
                Assert.All(p.Bins,
                    bin => Assert.True(double.IsFinite(bin.LandingRate) && double.IsFinite(bin.ModelRate)));
            }
    }

    [Fact]
    public void Options_validation_names_the_option()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new PhaseOptions { BinWidthMs = 30 }.Validate());
        Assert.Contains("BinWidthMs", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new PhaseOptions { TargetLandingFraction = 1 }.Validate());
        Assert.Contains("TargetLandingFraction", ex.Message);
    }
}
