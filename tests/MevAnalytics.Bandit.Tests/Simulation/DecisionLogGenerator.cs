using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Oracles.Offpolicy;

namespace MevAnalytics.Bandit.Tests.Simulation;

/// <summary>Seeded logged decisions drawn from a known logging policy over known arms (no context).</summary>
public static class DecisionLogGenerator
{
    public static List<LoggedDecision> Log(IReadOnlyList<TrueArm> arms, IReadOnlyList<double> logging, int count,
        Random rng)
    {
        var list = new List<LoggedDecision>(count);
        for (var i = 0; i < count; i++)
        {
            var u = rng.NextDouble();
            var j = 0;
            for (var acc = logging[0]; u > acc && j < arms.Count - 1; acc += logging[++j]) { }
            var a = arms[j];
            var landed = rng.NextDouble() < a.LandRate;
            var payoff = landed
                ? Math.Max(0, a.PayoffMeanSol + a.PayoffStdSol * (rng.NextDouble() * 2 - 1) * Math.Sqrt(3))
                : 0;
            list.Add(new LoggedDecision(null, a.Route, a.Arm, logging[j], landed, payoff, a.TipLamports));
        }
        return list;
    }

    public static Dictionary<ArmKey, double> Policy(IReadOnlyList<TrueArm> arms, IReadOnlyList<double> p) =>
        arms.Select((a, i) => (new ArmKey(a.Route, a.Arm, null), p[i])).ToDictionary(t => t.Item1, t => t.Item2);
}
