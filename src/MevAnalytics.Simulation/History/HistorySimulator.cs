using MevAnalytics.Simulation.Market;
using MevAnalytics.Simulation.Randomness;

namespace MevAnalytics.Simulation.History;

/// <summary>
/// Generates landing events and latency probes hour by hour. Each hour draws from its own random stream
/// (seed, hour), so hours can be generated in parallel and in any order and still give the same rows.
/// </summary>
public sealed class HistorySimulator
{
    public const string ModelId = "pland-gbdt-2026.11";

    private readonly SimulationOptions _options;
    private readonly long _startMs;
    private readonly long _endMs;

    public HistorySimulator(SimulationOptions options, DateTime utcNow)
    {
        options.Validate();
        _options = options;
        var (start, end) = options.Window(utcNow);
        Market = MarketModel.Create(options.Seed, start, end, options.Leaders);
        Incidents = RouteIncidents.Draw(Market, options.Seed);
        Policy = LoggingPolicy.Build(Market, options.Seed);
        _startMs = RouteIncidents.ToMs(start);
        _endMs = RouteIncidents.ToMs(end);
        ChunkCount = (int)((_endMs - _startMs + 3_599_999) / 3_600_000);
    }

    public MarketModel Market { get; }
    public RouteIncidents Incidents { get; }
    public LoggingPolicy Policy { get; }

    /// <summary>Number of hour chunks in the window.</summary>
    public int ChunkCount { get; }

    /// <summary>Expected number of landing events (for progress display).</summary>
    public long ExpectedSends => (long)((_endMs - _startMs) / 1000.0 * _options.SendsPerSecond);

    /// <summary>Generates hour <paramref name="index"/> (0-based).</summary>
    public HistoryChunk Generate(int index)
    {
        var from = _startMs + index * 3_600_000L;
        var to = Math.Min(from + 3_600_000L, _endMs);
        var rng = new Xoshiro256(_options.Seed, stream: 0x5E4D0000UL + (ulong)index);
        var routes = Market.Routes.Count;
        var arms = Market.TipLadderLamports.Count;
        var truth = new TruthTally(routes, arms);
        var landing = new LandingEventBatch((int)((to - from) / 1000.0 * _options.SendsPerSecond * 1.05) + 16);
        GenerateSends(ref rng, from, to, landing, truth);
        var latency = new LatencySampleBatch(16);
        GenerateProbes(ref rng, from, to, latency);
        return new HistoryChunk(index, landing, latency, truth);
    }

    private void GenerateSends(ref Xoshiro256 rng, long from, long to, LandingEventBatch b, TruthTally truth)
    {
        var arms = Market.TipLadderLamports.Count;
        var ratePerMs = _options.SendsPerSecond / 1000.0;
        var lastDayFrom = _endMs - 86_400_000L;
        var payoffMu = Math.Log(Market.PayoffMedianSol);
        var t = (double)from;
        while (true)
        {
            t += -Math.Log(1 - rng.NextDouble()) / ratePerMs; // Poisson arrivals
            var ts = (long)t;
            if (ts >= to) break;
            var i = b.Count;
            b.EnsureCapacity(i + 1);
            var sinceStart = ts - _startMs;
            var slot = Market.FirstSlot + (ulong)(sinceStart / (long)MarketModel.SlotMs);
            // Rounding to float can turn 399.99999 into 400; the phase stays inside [0, 400).
            var phase = Math.Min((float)(sinceStart % (long)MarketModel.SlotMs + rng.NextDouble()),
                MathF.BitDecrement((float)MarketModel.SlotMs));
            var leaderIndex = Market.LeaderOfSlot(slot);
            var leader = Market.Leaders[leaderIndex];
            var day = (int)(sinceStart / 86_400_000L);
            var (route, arm) = Policy.Choose(day, rng.NextDouble());
            var when = DateTime.UnixEpoch.AddMilliseconds(ts);

            var logit = Market.RouteLogit(route, when) + Market.TipLogit(arm) + leader.Logit
                        + MarketModel.QualitySigma * rng.NextNormal();
            if (Incidents.InOutage(route, ts)) logit -= 3;
            var pTrue = 1 / (1 + Math.Exp(-logit))
                * MarketModel.PhaseFactor(phase, leader.CutoffAt(when), leader.SoftnessMs);
            var landed = rng.NextDouble() < pTrue;
            var value = Math.Exp(payoffMu + Market.PayoffSigma * rng.NextNormal());
            var profile = Market.Routes[route];
            var latency = profile.LatencyMedianMs * Math.Exp(profile.LatencySigma * rng.NextNormal())
                * Incidents.BurstFactor(route, ts);

            b.TsMs[i] = ts;
            b.Slot[i] = slot;
            b.Leader[i] = leaderIndex;
            b.Route[i] = (byte)route;
            b.Arm[i] = (byte)arm;
            b.PTrue[i] = pTrue;
            b.PLandEst[i] = Market.Distortion.Score(pTrue);
            b.EvEstSol[i] = Market.EvBias.Estimate(pTrue * value);
            b.Propensity[i] = Policy.Probability(day, route, arm);
            b.PhaseOffsetMs[i] = phase;
            b.Landed[i] = landed ? (byte)1 : (byte)0;
            b.PayoffSol[i] = landed ? value : 0;
            b.LandLatencyMs[i] = landed ? (float)(latency + 0.5 * (MarketModel.SlotMs - phase)) : float.NaN;
            b.Count = i + 1;

            var cell = route * arms + arm;
            truth.Sends[cell]++;
            truth.PTrueSum[cell] += pTrue;
            truth.PayoffIfLandedSum[cell] += value;
            if (ts >= lastDayFrom)
            {
                truth.LastDaySends[cell]++;
                truth.LastDayPTrueSum[cell] += pTrue;
            }
        }
    }

    private void GenerateProbes(ref Xoshiro256 rng, long from, long to, LatencySampleBatch b)
    {
        var interval = (long)_options.ProbeInterval.TotalMilliseconds;
        // Probes run on a fixed grid from the window start, so hour boundaries never double or drop a probe.
        var first = from + (interval - (from - _startMs) % interval) % interval;
        for (var ts = first; ts < to; ts += interval)
            for (var r = 0; r < Market.Routes.Count; r++)
            {
                var route = Market.Routes[r];
                var down = Incidents.InOutage(r, ts);
                var burst = Incidents.BurstFactor(r, ts);
                for (var e = 0; e < route.Endpoints.Count; e++)
                {
                    var jitter = (long)(rng.NextDouble() * interval * 0.5);
                    var rtt = route.LatencyMedianMs * (1 + 0.08 * e) * Math.Exp(route.LatencySigma * rng.NextNormal())
                        * burst;
                    var ok = !down && rng.NextDouble() > 0.002; // rare isolated failures too
                    b.Add(ts + jitter, (byte)r, (byte)e, ok ? rtt : 2000, ok);
                }
            }
    }
}
