using MevAnalytics.Simulation.Randomness;

namespace MevAnalytics.Simulation.Market;

/// <summary>
/// The runtime's logging policy as the simulator plays it: each day a softmax over route x tip arm of noisy value
/// estimates, mixed with 10% uniform exploration, so every arm keeps a positive, recorded propensity.
/// </summary>
public sealed class LoggingPolicy
{
    public const double Exploration = 0.10;
    public const double Temperature = 0.6;

    private readonly double[][] _probabilities; // [day][route * arms + arm]
    private readonly double[][] _cumulative;
    private readonly int _arms;

    private LoggingPolicy(double[][] probabilities, int arms)
    {
        _probabilities = probabilities;
        _arms = arms;
        _cumulative = probabilities.Select(p =>
        {
            var c = new double[p.Length];
            double s = 0;
            for (var i = 0; i < p.Length; i++) c[i] = s += p[i];
            c[^1] = 1; // guard against rounding so a draw below 1 always finds a cell
            return c;
        }).ToArray();
    }

    /// <summary>Name logged in <c>policy</c>.</summary>
    public const string Name = "thompson-v3";

    /// <summary>Builds the daily policies of a market.</summary>
    public static LoggingPolicy Build(MarketModel market, ulong seed)
    {
        var days = (int)Math.Ceiling((market.End - market.Start).TotalDays) + 1;
        var routes = market.Routes.Count;
        var arms = market.TipLadderLamports.Count;
        var rng = new Xoshiro256(seed, stream: 0x90115);
        var table = new double[days][];
        for (var d = 0; d < days; d++)
        {
            var t = market.Start.AddDays(d);
            var scores = new double[routes * arms];
            for (var r = 0; r < routes; r++)
                for (var a = 0; a < arms; a++)
                {
                    // Value belief: landing odds gained by tipping more, minus the tip's cost, plus the day's noise.
                    var belief = market.RouteLogit(r, t) + 0.6 * market.TipLogit(a) - 0.35 * a + 0.4 * rng.NextNormal();
                    scores[r * arms + a] = belief / Temperature;
                }
            var max = scores.Max();
            var sum = scores.Sum(s => Math.Exp(s - max));
            table[d] = scores.Select(s => (1 - Exploration) * Math.Exp(s - max) / sum + Exploration / scores.Length)
                .ToArray();
        }
        return new LoggingPolicy(table, arms);
    }

    /// <summary>Probability of choosing (route, arm) on day <paramref name="day"/> of the history.</summary>
    public double Probability(int day, int route, int arm) => _probabilities[day][route * _arms + arm];

    /// <summary>Draws (route, arm) for day <paramref name="day"/> from a uniform draw <paramref name="u"/>.</summary>
    public (int Route, int Arm) Choose(int day, double u)
    {
        var c = _cumulative[day];
        var i = Array.BinarySearch(c, u);
        if (i < 0) i = ~i;
        i = Math.Min(i, c.Length - 1);
        return (i / _arms, i % _arms);
    }
}
