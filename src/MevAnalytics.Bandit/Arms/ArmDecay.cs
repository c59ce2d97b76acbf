using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Arms;

/// <summary>Turns 5-minute rollup rows into exponentially decayed per-arm statistics.</summary>
public static class ArmDecay
{
    private const string Input = "arm rollup";

    /// <summary>
    /// Decays every row by its age at <paramref name="asOf"/> and sums per arm. Invalid rows (negative counts,
    /// lands &gt; pulls, negative or non-finite payoff/tip, buckets after <paramref name="asOf"/>) are skipped and
    /// counted, or throw <see cref="InputRowException"/> when <see cref="BanditOptions.StrictInput"/> is set.
    /// </summary>
    public static ArmDecayResult Decay(IEnumerable<ArmRollupRow> rows, DateTime asOf, BanditOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var skipped = new SkipTally();
        var groups = new SortedDictionary<ArmKey, List<ArmRollupRow>>();
        var index = 0;
        foreach (var row in rows)
        {
            var problem = Check(row, asOf, out var column);
            if (problem is not null)
            {
                if (options.StrictInput) throw new InputRowException(Input, index, column, problem);
                skipped.Add($"{column} {problem}", index);
            }
            else
            {
                var key = new ArmKey(row.Route, row.Arm, options.GroupByLeader ? row.LeaderGroup : null);
                if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
                list.Add(row);
            }
            index++;
        }

        var halfLifeHours = options.HalfLife.TotalHours;
        var arms = new List<DecayedArm>(groups.Count);
        foreach (var (key, list) in groups)
        {
            var newest = list.Max(r => r.BucketStart);
            // Sums use weights relative to the newest bucket (scale-free, no underflow on old history);
            // the absolute decay of the newest bucket is applied to the reported decayed counts only.
            double pulls1 = 0, pulls2 = 0, lands1 = 0, lands2 = 0, payoff = 0, payoffSq = 0, tip = 0;
            foreach (var r in list)
            {
                var w = double.Exp2(-(newest - r.BucketStart).TotalHours / halfLifeHours);
                pulls1 += w * r.Pulls; pulls2 += w * w * r.Pulls;
                lands1 += w * r.Lands; lands2 += w * w * r.Lands;
                payoff += w * r.PayoffSum; payoffSq += w * r.PayoffSumSquares; tip += w * r.TipSumLamports;
            }
            arms.Add(Build(key, pulls1, pulls2, lands1, lands2, payoff, payoffSq, tip,
                double.Exp2(-(asOf - newest).TotalHours / halfLifeHours), list.Count, newest));
        }
        return new ArmDecayResult(arms, skipped);
    }

    /// <summary>
    /// Same result from sums already weighted in the database (<see cref="ArmWeightedSums"/>, weights relative to
    /// <paramref name="asOf"/>), so a long window returns one row per arm instead of one per bucket. Buckets the
    /// database found invalid arrive as counts per reason and are added to the skip tally (row index -1: the
    /// bucket is not in the input); arms with no valid bucket are dropped.
    /// </summary>
    public static ArmDecayResult FromWeightedSums(IEnumerable<ArmWeightedSums> sums, DateTime asOf,
        BanditOptions options)
    {
        ArgumentNullException.ThrowIfNull(sums);
        options.Validate();
        var skipped = new SkipTally();
        var arms = new List<DecayedArm>();
        var halfLifeHours = options.HalfLife.TotalHours;
        foreach (var s in sums.OrderBy(x => x.Key))
        {
            foreach (var (reason, count) in s.InvalidBuckets)
            {
                if (count <= 0) continue;
                if (options.StrictInput)
                    throw new InputRowException(Input, -1, reason.Split(' ')[0],
                        $"{reason} in {count} bucket(s) of arm {s.Key}");
                skipped.Add(reason, -1, count);
            }
            if (s.Buckets == 0) continue;
            double[] v = [s.Pulls1, s.Pulls2, s.Lands1, s.Lands2, s.Payoff1, s.PayoffSquares1, s.Tip1];
            if (v.Any(x => !double.IsFinite(x) || x < 0))
                throw new ArgumentException(
                    $"Weighted sums of arm {s.Key} must be finite and >= 0 (got {string.Join(", ", v)}).",
                    nameof(sums));
            // Rescale from as-of-relative to newest-relative weights, the convention of Decay (w and w^2 sums).
            var age = (asOf - s.NewestBucket).TotalHours / halfLifeHours;
            var f = double.Exp2(age);
            var f2 = f * f;
            // x == 0 stays 0 even if every weight underflowed (f infinite), instead of 0 x inf = NaN.
            static double Scale(double x, double by) => x == 0 ? 0 : x * by;
            arms.Add(Build(s.Key, Scale(s.Pulls1, f), Scale(s.Pulls2, f2), Scale(s.Lands1, f), Scale(s.Lands2, f2),
                Scale(s.Payoff1, f), Scale(s.PayoffSquares1, f), Scale(s.Tip1, f), double.Exp2(-age), s.Buckets,
                s.NewestBucket));
        }
        return new ArmDecayResult(arms, skipped);
    }

    private static DecayedArm Build(ArmKey key, double pulls1, double pulls2, double lands1, double lands2,
        double payoff, double payoffSq, double tip, double decay, int buckets, DateTime newest)
    {
        var effPulls = pulls2 > 0 ? pulls1 * pulls1 / pulls2 : 0;
        var rate = pulls1 > 0 ? lands1 / pulls1 : 0;
        var hasPayoff = lands1 > 0;
        var payoffMean = hasPayoff ? payoff / lands1 : 0;
        double variance = 0, effPayoffN = 0;
        if (hasPayoff)
        {
            effPayoffN = lands1 * lands1 / lands2;
            // Unbiased variance with reliability weights: (sum w x^2 - (sum w x)^2 / V1) / (V1 - V2 / V1).
            var denominator = lands1 - lands2 / lands1;
            if (denominator > 1e-12) variance = Math.Max(0, (payoffSq - payoff * payoff / lands1) / denominator);
        }
        return new DecayedArm(key, decay * pulls1, decay * lands1, effPulls, effPulls * rate, payoffMean, variance,
            effPayoffN, hasPayoff, pulls1 > 0 ? tip / pulls1 / 1e9 : 0, buckets, newest);
    }

    private static string? Check(ArmRollupRow r, DateTime asOf, out string column)
    {
        column = nameof(ArmRollupRow.Route);
        if (KeyText.Problem(r.Route) is { } route) return route;
        column = nameof(ArmRollupRow.BucketStart);
        if (r.BucketStart > asOf) return "is after the as-of time";
        column = nameof(ArmRollupRow.Pulls);
        if (r.Pulls < 0) return "is negative";
        column = nameof(ArmRollupRow.Lands);
        if (r.Lands < 0) return "is negative";
        if (r.Lands > r.Pulls) return "exceeds pulls";
        column = nameof(ArmRollupRow.PayoffSum);
        if (!double.IsFinite(r.PayoffSum)) return "is not finite";
        if (r.PayoffSum < 0) return "is negative";
        if (r.Lands == 0 && r.PayoffSum > 0) return "is positive without lands";
        column = nameof(ArmRollupRow.PayoffSumSquares);
        if (!double.IsFinite(r.PayoffSumSquares)) return "is not finite";
        if (r.PayoffSumSquares < 0) return "is negative";
        // Cauchy-Schwarz over the landed sends: (sum x)^2 <= n sum x^2.
        if (r.PayoffSum * r.PayoffSum > r.Lands * r.PayoffSumSquares * (1 + 1e-9) + 1e-18)
            return "is smaller than (payoff sum)^2 / lands";
        column = nameof(ArmRollupRow.TipSumLamports);
        if (!double.IsFinite(r.TipSumLamports)) return "is not finite";
        if (r.TipSumLamports < 0) return "is negative";
        if (r.Pulls == 0 && r.TipSumLamports > 0) return "is positive without pulls";
        return null;
    }
}
