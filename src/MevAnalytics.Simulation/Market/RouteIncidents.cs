using MevAnalytics.Simulation.Randomness;

namespace MevAnalytics.Simulation.Market;

/// <summary>
/// Latency bursts and outages of each route over the history, drawn once per seed so that landing events and latency
/// probes see the same incidents.
/// </summary>
public sealed class RouteIncidents
{
    private readonly (long From, long To, double Factor)[][] _bursts;
    private readonly (long From, long To)[][] _outages;

    private RouteIncidents((long, long, double)[][] bursts, (long, long)[][] outages)
    {
        _bursts = bursts;
        _outages = outages;
    }

    /// <summary>Draws incidents for every route of <paramref name="market"/>.</summary>
    public static RouteIncidents Draw(MarketModel market, ulong seed)
    {
        var startMs = ToMs(market.Start);
        var endMs = ToMs(market.End);
        var days = (endMs - startMs) / 86_400_000.0;
        var bursts = new (long, long, double)[market.Routes.Count][];
        var outages = new (long, long)[market.Routes.Count][];
        for (var r = 0; r < market.Routes.Count; r++)
        {
            var rng = new Xoshiro256(seed, stream: 0xB0057 + (ulong)r);
            var route = market.Routes[r];
            bursts[r] = Enumerable.Range(0, rng.NextPoisson(route.BurstsPerDay * days))
                .Select(_ =>
                {
                    var from = startMs + (long)(rng.NextDouble() * (endMs - startMs));
                    return (from, from + (long)(60_000 * (1 + 9 * rng.NextDouble())), 3 + 5 * rng.NextDouble());
                })
                .OrderBy(b => b.Item1).ToArray();
            outages[r] = Enumerable.Range(0, rng.NextPoisson(route.OutagesPerWeek * days / 7))
                .Select(_ =>
                {
                    var from = startMs + (long)(rng.NextDouble() * (endMs - startMs));
                    return (from, from + (long)(60_000 * (5 + 25 * rng.NextDouble())));
                })
                .OrderBy(o => o.Item1).ToArray();
        }
        return new RouteIncidents(bursts, outages);
    }

    /// <summary>Latency multiplier of route <paramref name="route"/> at <paramref name="tsMs"/> (1 outside
    /// bursts).</summary>
    public double BurstFactor(int route, long tsMs)
    {
        foreach (var (from, to, factor) in _bursts[route])
        {
            if (from > tsMs) break;
            if (tsMs < to) return factor;
        }
        return 1;
    }

    /// <summary>True while route <paramref name="route"/> is down.</summary>
    public bool InOutage(int route, long tsMs)
    {
        foreach (var (from, to) in _outages[route])
        {
            if (from > tsMs) break;
            if (tsMs < to) return true;
        }
        return false;
    }

    /// <summary>Outage windows of a route, for the ground truth.</summary>
    public IReadOnlyList<(long From, long To)> Outages(int route) => _outages[route];

    internal static long ToMs(DateTime t) => (long)(t - DateTime.UnixEpoch).TotalMilliseconds;
}
