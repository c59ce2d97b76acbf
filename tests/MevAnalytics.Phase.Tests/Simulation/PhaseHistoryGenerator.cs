using MathNet.Numerics.Distributions;
using MevAnalytics.Phase;

namespace MevAnalytics.Phase.Tests.Simulation;

/// <summary>True behaviour of one simulated leader.</summary>
/// <param name="Name">Leader identity.</param>
/// <param name="CutoffMs">Phase at which landing halves.</param>
/// <param name="ScaleMs">Logistic scale of the cut-off.</param>
/// <param name="Plateau">Landing rate of early sends.</param>
/// <param name="Q">Landing-time level drift variance per second, ms^2.</param>
/// <param name="R">Landing-time noise variance, ms^2.</param>
/// <param name="StartLevelMs">Landing-time level at the start.</param>
public sealed record TrueLeader(string Name, double CutoffMs, double ScaleMs, double Plateau, double Q, double R,
    double StartLevelMs);

/// <summary>Seeded samples: phase ~ U[0, 400), landed ~ Bernoulli(plateau sigmoid((c - phase)/s)); landing time =
/// random-walk level + noise.</summary>
public static class PhaseHistoryGenerator
{
    public static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static List<PhaseSample> Samples(TrueLeader leader, int count, double meanGapSeconds, Random rng,
        out double finalLevel)
    {
        var list = new List<PhaseSample>(count);
        var t = 0.0;
        var level = leader.StartLevelMs;
        for (var i = 0; i < count; i++)
        {
            var gap = Exponential.Sample(rng, 1 / meanGapSeconds);
            t += gap;
            level += Normal.Sample(rng, 0, Math.Sqrt(leader.Q * gap));
            var phase = rng.NextDouble() * 400;
            var landed = rng.NextDouble()
                < leader.Plateau / (1 + Math.Exp(-(leader.CutoffMs - phase) / leader.ScaleMs));
            double? latency = null;
            if (landed)
            {
                var landingTime = level + Normal.Sample(rng, 0, Math.Sqrt(leader.R));
                latency = landingTime - phase; // may be any sign in principle; keep the generator's rows valid:
                if (latency < 0) { latency = null; }
            }
            list.Add(new PhaseSample(leader.Name, Start.AddSeconds(t), phase, landed, latency));
        }
        finalLevel = level;
        return list;
    }
}
