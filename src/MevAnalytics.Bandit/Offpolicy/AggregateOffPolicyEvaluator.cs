using MathNet.Numerics.Distributions;
using MevAnalytics.Bandit.Arms;
using MevAnalytics.Fitting;

namespace MevAnalytics.Bandit.Offpolicy;

/// <summary>
/// IPS, SNIPS and doubly-robust estimates from per-action sums (<see cref="LoggedDecisionSums"/>), so the job never
/// reads logged rows: the target policy and the reward model are constant per action, so every estimator is a
/// function of per-action sums of u = 1/propensity, u r, u^2, u^2 r and u^2 r^2. Point estimates equal a per-row
/// evaluation's on the same rows (checked against one in the tests). Intervals are delta-method normal intervals
/// (deterministic, no resampling): logging mean, IPS and DR are means of a per-decision term z, so
/// se = sqrt((mean z^2 - mean^2) / n); SNIPS = sum w r / sum w is a ratio, linearised to
/// se = sqrt(sum w^2 (r - SNIPS)^2) / sum w. They approximate the row bootstrap's percentile intervals (which are
/// themselves first-order normal) closely at the sample sizes OPE runs on.
/// </summary>
public static class AggregateOffPolicyEvaluator
{
    private const string Input = "logged decisions";

    /// <summary>
    /// <paramref name="target"/> maps (route, arm, context in <see cref="ArmKey.LeaderGroup"/>) to the target policy's
    /// probability; per context it sums to 1;
    /// decisions with a missing propensity or a context the target does not cover are unsupported and, above
    /// <see cref="BanditOptions.OpeMaxInvalidPropensityFraction"/> of all decisions, skip OPE with a reason; bad rows
    /// are counted (strict mode throws, naming the reason; the row index is -1 because rows were aggregated).
    /// </summary>
    public static OffPolicyResult Evaluate(LoggedDecisionSums sums, IReadOnlyDictionary<ArmKey, double> target,
        RewardModel rewardModel, BanditOptions options)
    {
        ArgumentNullException.ThrowIfNull(sums);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(rewardModel);
        options.Validate();
        var direct = DirectTerms(target, rewardModel);

        var skipped = new SkipTally();
        long unsupported = 0;
        foreach (var (reason, count) in sums.Skipped)
        {
            if (count == 0) continue;
            if (reason != LoggedDecisionSums.MissingPropensity && options.StrictInput)
                throw new InputRowException(Input, -1, reason.Split(' ')[0], $"{reason} in {count} decision(s)");
            if (reason == LoggedDecisionSums.MissingPropensity) unsupported += count;
            skipped.Add(reason, -1, checked((int)count));
        }

        var used = new List<(LoggedArmSums S, double Pi, double QLand, double QValue, double DLand, double DValue)>();
        foreach (var s in sums.Arms)
        {
            if (s.Count <= 0) continue;
            if (!direct.TryGetValue(s.Context ?? "", out var dm))
            {
                unsupported += s.Count;
                skipped.Add(LoggedDecisionSums.UncoveredContext, -1, checked((int)s.Count));
                continue;
            }
            var key = new ArmKey(s.Route, s.Arm, s.Context);
            var pi = target.TryGetValue(key, out var p) ? p : 0;
            var q = rewardModel.Predictions.TryGetValue(key, out var pred) ? pred : (0, 0);
            used.Add((s, pi, q.LandRate, q.ValueSol, dm.Land, dm.Value));
        }

        var decisions = checked((int)sums.Decisions);
        if (decisions == 0 || used.Count == 0)
            return Skip(decisions, "no usable logged decisions", skipped);
        if (unsupported > options.OpeMaxInvalidPropensityFraction * decisions)
            return Skip(decisions,
                $"{unsupported} of {decisions} logged decisions have a missing/zero/out-of-range propensity or a " +
                $"context the target policy does not cover ({skipped})",
                skipped);

        double n = used.Sum(x => (double)x.S.Count);
        double sumW = used.Sum(x => x.Pi * x.S.SumU);
        double sumW2 = used.Sum(x => x.Pi * x.Pi * x.S.SumU2);
        var ess = sumW2 > 0 ? sumW * sumW / sumW2 : 0;
        var maxWeight = used.Max(x => x.Pi * x.S.MaxU);
        var z = Normal.InvCDF(0, 1, 1 - (1 - options.OpeIntervalLevel) / 2);

        OpeMetric Metric(Func<LoggedArmSums, RewardMoments> moments,
            Func<(LoggedArmSums S, double Pi, double QLand, double QValue, double DLand, double DValue),
                (double Q, double D)> model)
        {
            // Logging: z = r.   IPS: z = pi u r.   DR: z = D + pi u (r - q) = D + pi (u r - q u).
            double sumR = 0, sumRr = 0, ips = 0, ipsSq = 0, dr = 0, drSq = 0, snipsNum = 0;
            foreach (var x in used)
            {
                var m = moments(x.S);
                var (q, d) = model(x);
                var pi = x.Pi;
                sumR += m.Sum; sumRr += m.SumSquares;
                ips += pi * m.SumU; ipsSq += pi * pi * m.SumU2Squares;
                snipsNum += pi * m.SumU;
                var correction = m.SumU - q * x.S.SumU;
                dr += x.S.Count * d + pi * correction;
                drSq += x.S.Count * d * d + 2 * d * pi * correction
                    + pi * pi * (m.SumU2Squares - 2 * q * m.SumU2 + q * q * x.S.SumU2);
            }
            var snips = sumW > 0 ? snipsNum / sumW : 0;
            double snipsSe = 0;
            if (sumW > 0)
            {
                double dev = 0; // sum w^2 (r - snips)^2
                foreach (var x in used)
                {
                    var m = moments(x.S);
                    dev += x.Pi * x.Pi * (m.SumU2Squares - 2 * snips * m.SumU2 + snips * snips * x.S.SumU2);
                }
                snipsSe = Math.Sqrt(Math.Max(0, dev)) / sumW;
            }
            return new OpeMetric(Mean(sumR, sumRr), Mean(ips, ipsSq), Interval(snips, snipsSe), Mean(dr, drSq));

            IntervalEstimate Mean(double sum, double sumSquares)
            {
                var mean = sum / n;
                return Interval(mean, Math.Sqrt(Math.Max(0, sumSquares / n - mean * mean) / n));
            }
        }
        IntervalEstimate Interval(double estimate, double se) => new(estimate, estimate - z * se, estimate + z * se);

        var landing = Metric(s => s.Land, x => (x.QLand, x.DLand));
        var ev = Metric(s => s.Value, x => (x.QValue, x.DValue));
        return new OffPolicyResult(true, null, decisions, checked((int)n), ess, maxWeight, landing, ev, skipped);
    }

    /// <summary>Direct-method term per context, sum_a target(a) q(a), after checking the target policy.</summary>
    private static Dictionary<string, (double Land, double Value)> DirectTerms(
        IReadOnlyDictionary<ArmKey, double> target, RewardModel rewardModel)
    {
        var direct = new Dictionary<string, (double Land, double Value)>(StringComparer.Ordinal);
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, p) in target)
        {
            if (!(p >= 0 && p <= 1))
                throw new ArgumentException($"Target policy probability of {key} must be in [0, 1], got {p}.",
                    nameof(target));
            var context = key.LeaderGroup ?? "";
            sums[context] = sums.GetValueOrDefault(context) + p;
            var (land, value) = direct.GetValueOrDefault(context);
            if (p > 0)
            {
                if (!rewardModel.Predictions.TryGetValue(key, out var q))
                    throw new ArgumentException(
                        $"Reward model has no prediction for target action {key} (target probability {p}).",
                        nameof(rewardModel));
                land += p * q.LandRate; value += p * q.ValueSol;
            }
            direct[context] = (land, value);
        }
        foreach (var (context, sum) in sums)
            if (Math.Abs(sum - 1) > 1e-6)
                throw new ArgumentException(
                    $"Target policy probabilities for context '{context}' sum to {sum}, not 1.", nameof(target));
        return direct;
    }

    private static OffPolicyResult Skip(int decisions, string reason, SkipTally skipped) =>
        new(false, reason, decisions, 0, 0, 0, null, null, skipped);
}
