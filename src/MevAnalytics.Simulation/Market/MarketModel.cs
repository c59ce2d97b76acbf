using MevAnalytics.Simulation.Randomness;
using MevAnalytics.Simulation.Truth;

namespace MevAnalytics.Simulation.Market;

/// <summary>
/// Everything the simulator holds fixed for a seed: routes, the tip ladder, leaders and their schedule, the score's
/// distortion and the EV bias. Landing log-odds = route (with drift) + tip + leader + opportunity quality, times the
/// leader's phase cut-off factor.
/// </summary>
public sealed class MarketModel
{
    public const double SlotMs = 400;
    public const int SlotsPerLeaderTurn = 4;

    /// <summary>Landing log-odds gained per decade of tip (tip ladder effect).</summary>
    public const double TipLogitPerDecade = 0.9;

    /// <summary>Log-odds spread of opportunity quality (what the model sees beyond route, tip and leader).</summary>
    public const double QualitySigma = 1.0;

    public required IReadOnlyList<RouteProfile> Routes { get; init; }
    public required IReadOnlyList<long> TipLadderLamports { get; init; }
    public required IReadOnlyList<LeaderProfile> Leaders { get; init; }
    public required LandingDistortion Distortion { get; init; }
    public required EvBias EvBias { get; init; }
    public required DateTime Start { get; init; }
    public required DateTime End { get; init; }

    /// <summary>Mean of the log-normal opportunity value (SOL) when a send lands.</summary>
    public double PayoffMedianSol { get; init; } = 0.012;

    public double PayoffSigma { get; init; } = 0.9;

    /// <summary>First slot number of the history.</summary>
    public ulong FirstSlot { get; init; } = 380_000_000;

    /// <summary>Route log-odds at time <paramref name="t"/>, including drift.</summary>
    public double RouteLogit(int route, DateTime t) =>
        Routes[route].BaseLogit + Routes[route].DriftPerDay * (t - Start).TotalDays;

    /// <summary>Tip log-odds of arm <paramref name="arm"/> (relative to the cheapest arm).</summary>
    public double TipLogit(int arm) =>
        TipLogitPerDecade * Math.Log10(TipLadderLamports[arm] / (double)TipLadderLamports[0]);

    /// <summary>Leader of a slot: leaders take turns of four slots in an order fixed by the seed.</summary>
    public int LeaderOfSlot(ulong slot) => (int)(slot / SlotsPerLeaderTurn % (ulong)Leaders.Count);

    /// <summary>The phase factor: probability the send reached the leader before its cut-off.</summary>
    public static double PhaseFactor(double phaseMs, double cutoffMs, double softnessMs) =>
        LandingDistortion.Sigmoid((cutoffMs - phaseMs) / softnessMs);

    /// <summary>Builds the market for a seed and a history window.</summary>
    public static MarketModel Create(ulong seed, DateTime start, DateTime end, int leaderCount = 1500)
    {
        var rng = new Xoshiro256(seed, stream: 0xA11CE);
        RouteProfile[] routes =
        [
            new("jito-ny", "us-east", ["ny-1", "ny-2", "ny-3"], -0.2, 0, 38, 0.35, 4, 1),
            new("jito-amsterdam", "eu-west", ["ams-1", "ams-2"], -0.1, 0, 45, 0.30, 3, 1),
            // degrades over the days
            new("jito-frankfurt", "eu-central", ["fra-1", "fra-2"], -0.3, -0.12, 52, 0.40, 5, 2),
            new("jito-tokyo", "ap-northeast", ["tyo-1", "tyo-2"], -0.6, 0, 95, 0.45, 3, 1),
            new("jito-slc", "us-west", ["slc-1", "slc-2"], -0.4, 0, 60, 0.35, 3, 1),
            new("tpu-direct", "us-east", ["tpu-qn", "tpu-self"], -1.1, 0, 22, 0.60, 8, 3),
            new("rpc-relay-a", "us-east", ["relay-a-1", "relay-a-2"], -0.9, 0, 70, 0.50, 6, 2),
            new("rpc-relay-b", "eu-west", ["relay-b-1", "relay-b-2"], -1.3, 0, 85, 0.55, 6, 4),
        ];
        long[] tips = [1_000, 10_000, 50_000, 100_000, 500_000, 1_000_000];
        string[] groups = ["jito-solana", "agave", "firedancer"];
        var leaders = new LeaderProfile[leaderCount];
        var span = end - start;
        for (var i = 0; i < leaderCount; i++)
        {
            var cutoff = Math.Clamp(290 + 45 * rng.NextNormal(), 120, 390);
            var softness = 8 + 10 * rng.NextDouble();
            var group = groups[rng.NextInt(groups.Length)];
            var logit = (group == "jito-solana" ? 0.25 : group == "firedancer" ? 0.1 : -0.15) + 0.3 * rng.NextNormal();
            double? changed = null;
            DateTime? at = null;
            if (rng.NextDouble() < 0.02) // a few leaders change behaviour mid-history
            {
                changed = Math.Clamp(cutoff - 60 - 40 * rng.NextDouble(), 100, 390);
                at = start + span * (0.3 + 0.4 * rng.NextDouble());
            }
            leaders[i] = new LeaderProfile(LeaderId(ref rng), group, cutoff, softness, logit, changed, at);
        }
        return new MarketModel
        {
            Routes = routes,
            TipLadderLamports = tips,
            Leaders = leaders,
            Distortion = new LandingDistortion(Gamma: 0.55, Shift: 0.45), // overconfident and optimistic scores
            EvBias = new EvBias(Scale: 1.35, Offset: 0.0015),
            Start = start,
            End = end,
        };
    }

    private static string LeaderId(ref Xoshiro256 rng)
    {
        // Looks like a base58 validator identity; only its uniqueness matters.
        const string alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        Span<char> id = stackalloc char[44];
        for (var i = 0; i < id.Length; i++) id[i] = alphabet[rng.NextInt(alphabet.Length)];
        return new string(id);
    }
}
