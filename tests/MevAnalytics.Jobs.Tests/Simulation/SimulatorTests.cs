using MevAnalytics.Simulation;
using MevAnalytics.Simulation.History;

namespace MevAnalytics.Jobs.Tests.Simulation;

public sealed class SimulatorTests
{
    private static readonly DateTime End = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private static HistoryChunk Chunk(ulong seed, int index = 3) =>
        new HistorySimulator(new SimulationOptions { Days = 0.25, SendsPerSecond = 30, Seed = seed, End = End },
            DateTime.UtcNow).Generate(index);

    [Fact]
    public void Same_seed_gives_the_same_rows_and_another_seed_does_not()
    {
        var a = Chunk(11);
        var b = Chunk(11);
        var c = Chunk(12);
        Assert.Equal(a.Landing.Count, b.Landing.Count);
        Assert.Equal(a.Landing.TsMs.AsSpan(0, a.Landing.Count).ToArray(),
            b.Landing.TsMs.AsSpan(0, b.Landing.Count).ToArray());
        Assert.Equal(a.Landing.PLandEst.AsSpan(0, a.Landing.Count).ToArray(),
            b.Landing.PLandEst.AsSpan(0, b.Landing.Count).ToArray());
        Assert.Equal(a.Latency.RttMs.AsSpan(0, a.Latency.Count).ToArray(),
            b.Latency.RttMs.AsSpan(0, b.Latency.Count).ToArray());
        Assert.NotEqual(a.Landing.PLandEst.AsSpan(0, 100).ToArray(), c.Landing.PLandEst.AsSpan(0, 100).ToArray());
    }

    [Fact]
    public void Rows_respect_the_data_model_invariants()
    {
        var b = Chunk(5).Landing;
        Assert.InRange(b.Count, 30 * 3600 * 0.95, 30 * 3600 * 1.05); // Poisson count of one hour
        for (var i = 0; i < b.Count; i++)
        {
            Assert.InRange(b.PLandEst[i], 0, 1);
            Assert.InRange(b.Propensity[i], 1e-6, 1);
            Assert.True(b.PhaseOffsetMs[i] is >= 0 and < 400, $"phase {b.PhaseOffsetMs[i]} outside [0, 400)");
            Assert.True(b.Landed[i] <= 1);
            Assert.Equal(b.Landed[i] == 1, !float.IsNaN(b.LandLatencyMs[i]));
            Assert.True(b.Landed[i] == 1 || b.PayoffSol[i] == 0);
            if (i > 0) Assert.True(b.TsMs[i] >= b.TsMs[i - 1]);
        }
    }

    [Fact]
    public void The_score_is_the_known_distortion_of_the_true_probability_and_landing_follows_the_truth()
    {
        var sim = new HistorySimulator(new SimulationOptions { Days = 0.5, SendsPerSecond = 40, Seed = 3, End = End },
            DateTime.UtcNow);
        double sumP = 0, landed = 0;
        long n = 0;
        for (var k = 0; k < sim.ChunkCount; k++)
        {
            var b = sim.Generate(k).Landing;
            for (var i = 0; i < b.Count; i++)
            {
                Assert.Equal(b.PTrue[i], sim.Market.Distortion.TrueProbability(b.PLandEst[i]), 1e-9);
                sumP += b.PTrue[i];
                landed += b.Landed[i];
                n++;
            }
        }
        // Bernoulli draws: the landed count is within 4 standard deviations of the sum of true probabilities.
        Assert.InRange(landed, sumP - 4 * Math.Sqrt(n * 0.25), sumP + 4 * Math.Sqrt(n * 0.25));
    }

    [Fact]
    public void Invalid_options_name_the_argument()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => new SimulationOptions { SendsPerSecond = -1 }.Validate());
        Assert.Contains("--sends-per-second", e.Message);
    }
}
