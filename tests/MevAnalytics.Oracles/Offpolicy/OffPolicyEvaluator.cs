using MevAnalytics.Bandit.Arms;
using MevAnalytics.Bandit.Offpolicy;
using MevAnalytics.Fitting;

namespace MevAnalytics.Oracles.Offpolicy;

/// <summary>
/// Test oracle: estimates the landing rate and EV a target policy (e.g. <see cref="ThompsonPolicy"/> under the new
/// posteriors) would have had on the logged decisions row by row, with IPS, SNIPS and doubly-robust estimators and
/// seeded bootstrap percentile intervals (decisions resampled with replacement). The product evaluates per-action sums
/// (<see cref="AggregateOffPolicyEvaluator"/>); this per-row path checks it.
/// </summary>
public static class OffPolicyEvaluator
{
    private const string Input = "logged decision";

    /// <summary>
    /// <paramref name="target"/> maps (route, arm, context in <see cref="ArmKey.LeaderGroup"/>) to the target
    /// policy's probability; per context they must sum to 1. Decisions whose propensity is missing, not in (0, 1]
    /// or whose context the target does not cover are "unsupported": above
    /// <see cref="BanditOptions.OpeMaxInvalidPropensityFraction"/> of all decisions OPE is skipped with a reason.
    /// Decisions with an empty route, negative or non-finite payoff or tip are dropped and counted (strict mode
    /// throws).
    /// Intervals are bootstrap percentiles over <paramref name="bootstrapResamples"/> resamples (at least 20).
    /// </summary>
    public static OffPolicyResult Evaluate(IReadOnlyList<LoggedDecision> decisions,
        IReadOnlyDictionary<ArmKey, double> target, RewardModel rewardModel, BanditOptions options,
        int bootstrapResamples = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bootstrapResamples, 20);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(rewardModel);
        options.Validate();
        var byContext = ValidateTarget(target);

        // Direct-method term per context: sum_a target(a) q(a).
        var direct = new Dictionary<string, (double Land, double Value)>(StringComparer.Ordinal);
        foreach (var (context, actions) in byContext)
        {
            double land = 0, value = 0;
            foreach (var (key, p) in actions)
            {
                if (p == 0) continue;
                if (!rewardModel.Predictions.TryGetValue(key, out var q))
                    throw new ArgumentException(
                        $"Reward model has no prediction for target action {key} (target probability {p}).",
                        nameof(rewardModel));
                land += p * q.LandRate; value += p * q.ValueSol;
            }
            direct[context] = (land, value);
        }

        var skipped = new SkipTally();
        var rows = new List<(double W, double Land, double Value, double QLand, double QValue, double DLand,
            double DValue)>(decisions.Count);
        var unsupported = 0;
        for (var i = 0; i < decisions.Count; i++)
        {
            var d = decisions[i];
            var problem = Check(d, out var column);
            if (problem is not null)
            {
                if (options.StrictInput) throw new InputRowException(Input, i, column, problem);
                skipped.Add($"{column} {problem}", i);
                continue;
            }
            if (d.Propensity is not { } mu || !(mu > 0 && mu <= 1))
            {
                unsupported++;
                skipped.Add($"{nameof(LoggedDecision.Propensity)} is missing, zero or outside (0, 1]", i);
                continue;
            }
            var contextKey = d.Context ?? "";
            if (!direct.TryGetValue(contextKey, out var dm))
            {
                unsupported++;
                skipped.Add($"{nameof(LoggedDecision.Context)} is not covered by the target policy", i);
                continue;
            }
            var key = new ArmKey(d.Route, d.Arm, d.Context);
            var w = target.TryGetValue(key, out var pi) ? pi / mu : 0;
            var q = rewardModel.Predictions.TryGetValue(key, out var pred) ? pred : (0, 0);
            rows.Add((w, d.Landed ? 1 : 0, d.PayoffSol - d.TipLamports / 1e9, q.LandRate, q.ValueSol, dm.Land,
                dm.Value));
        }

        if (decisions.Count == 0 || rows.Count == 0)
            return Skip(decisions.Count, "no usable logged decisions", skipped);
        if (unsupported > options.OpeMaxInvalidPropensityFraction * decisions.Count)
            return Skip(decisions.Count,
                $"{unsupported} of {decisions.Count} logged decisions have a missing/zero/out-of-range propensity " +
                $"or a context the target policy does not cover ({skipped})",
                skipped);

        var n = rows.Count;
        var sumW = rows.Sum(r => r.W);
        var sumW2 = rows.Sum(r => r.W * r.W);
        var ess = sumW2 > 0 ? sumW * sumW / sumW2 : 0;

        var point = Estimates(rows, Enumerable.Range(0, n));
        var random = new Random(options.Seed);
        var resamples = new double[bootstrapResamples][];
        var indices = new int[n];
        for (var b = 0; b < resamples.Length; b++)
        {
            for (var i = 0; i < n; i++) indices[i] = random.Next(n);
            resamples[b] = Estimates(rows, indices);
        }
        var alpha = (1 - options.OpeIntervalLevel) / 2;
        IntervalEstimate Interval(int j)
        {
            var values = resamples.Select(r => r[j]).OrderBy(v => v).ToArray();
            return new IntervalEstimate(point[j], Percentile(values, alpha), Percentile(values, 1 - alpha));
        }
        var landing = new OpeMetric(Interval(0), Interval(1), Interval(2), Interval(3));
        var ev = new OpeMetric(Interval(4), Interval(5), Interval(6), Interval(7));
        return new OffPolicyResult(true, null, decisions.Count, n, ess, rows.Max(r => r.W), landing, ev, skipped);
    }

    /// <summary>[logging, IPS, SNIPS, DR] for landing, then the same for EV, over the given row indices.</summary>
    private static double[] Estimates(
        List<(double W, double Land, double Value, double QLand, double QValue, double DLand, double DValue)> rows,
        IEnumerable<int> indices)
    {
        double n = 0, sumW = 0, land = 0, ipsLand = 0, drLand = 0, value = 0, ipsValue = 0, drValue = 0;
        foreach (var i in indices)
        {
            var r = rows[i];
            n++; sumW += r.W;
            land += r.Land; ipsLand += r.W * r.Land; drLand += r.DLand + r.W * (r.Land - r.QLand);
            value += r.Value; ipsValue += r.W * r.Value; drValue += r.DValue + r.W * (r.Value - r.QValue);
        }
        // With sum w = 0 the target never takes a logged action and SNIPS is undefined; report 0 like IPS does.
        return [land / n, ipsLand / n, sumW > 0 ? ipsLand / sumW : 0, drLand / n,
            value / n, ipsValue / n, sumW > 0 ? ipsValue / sumW : 0, drValue / n];
    }

    private static double Percentile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }

    private static Dictionary<string, List<(ArmKey Key, double P)>> ValidateTarget(
        IReadOnlyDictionary<ArmKey, double> target)
    {
        var byContext = new Dictionary<string, List<(ArmKey, double)>>(StringComparer.Ordinal);
        foreach (var (key, p) in target)
        {
            if (!(p >= 0 && p <= 1))
                throw new ArgumentException($"Target policy probability of {key} must be in [0, 1], got {p}.",
                    nameof(target));
            var context = key.LeaderGroup ?? "";
            if (!byContext.TryGetValue(context, out var list)) byContext[context] = list = [];
            list.Add((key, p));
        }
        foreach (var (context, list) in byContext)
        {
            var sum = list.Sum(t => t.Item2);
            if (Math.Abs(sum - 1) > 1e-6)
                throw new ArgumentException(
                    $"Target policy probabilities for context '{context}' sum to {sum}, not 1.", nameof(target));
        }
        return byContext;
    }

    private static OffPolicyResult Skip(int decisions, string reason, SkipTally skipped) =>
        new(false, reason, decisions, 0, 0, 0, null, null, skipped);

    private static string? Check(LoggedDecision d, out string column)
    {
        column = nameof(LoggedDecision.Route);
        if (string.IsNullOrWhiteSpace(d.Route)) return "is empty";
        column = nameof(LoggedDecision.PayoffSol);
        if (!double.IsFinite(d.PayoffSol)) return "is not finite";
        if (d.PayoffSol < 0) return "is negative";
        column = nameof(LoggedDecision.TipLamports);
        if (!double.IsFinite(d.TipLamports)) return "is not finite";
        if (d.TipLamports < 0) return "is negative";
        return null;
    }
}
