using MevAnalytics.Fitting;

namespace MevAnalytics.Phase;

/// <summary>
/// The phase job's math: per-leader landing rate by send phase, logistic cut-off fit with its recommended send
/// offset, and Kalman filter parameters for landing times. Leaders with too little data fall back to the global
/// profile.
/// </summary>
public static class PhaseAnalysis
{
    private const string Input = "phase sample";
    private const double FitResolutionMs = 1.0;

    /// <summary>
    /// The analysis from data aggregated in the database: a per-leader phase histogram at 1 ms resolution
    /// (<paramref name="histogram"/>, e.g. <c>GROUP BY leader, floor(phase)</c>) for the cut-off fits, and a capped
    /// recent sample of landed sends per leader (<paramref name="landingTimes"/>) for the Kalman parameters.
    /// Histogram rows with an empty leader, a bin outside the slot, negative counts or lands &gt; samples, and
    /// landing times with an empty leader, a phase outside [0, slot) or non-finite, or a negative/non-finite land
    /// latency are skipped and counted (strict mode throws). Leaders that appear only in
    /// <paramref name="landingTimes"/> are ignored.
    /// </summary>
    public static PhaseAnalysisResult Analyze(IEnumerable<PhaseHistogramRow> histogram,
        IEnumerable<PhaseSample> landingTimes, PhaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        ArgumentNullException.ThrowIfNull(landingTimes);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var skipped = new SkipTally();
        var fineBins = FineBins(options);
        var histograms = new SortedDictionary<string, (long[] N, long[] K)>(StringComparer.Ordinal);
        var index = 0;
        foreach (var row in histogram)
        {
            var problem = Check(row, options.SlotMs, out var column);
            if (problem is not null)
            {
                if (options.StrictInput) throw new InputRowException("phase histogram", index, column, problem);
                skipped.Add($"histogram {column} {problem}", index);
            }
            else if (row.Samples > 0)
            {
                if (!histograms.TryGetValue(row.Leader, out var h))
                    histograms[row.Leader] = h = (new long[fineBins], new long[fineBins]);
                var b = Math.Min(fineBins - 1, (int)(row.PhaseBinMs / FitResolutionMs));
                h.N[b] += row.Samples;
                h.K[b] += row.Lands;
            }
            index++;
        }

        var byLeader = new Dictionary<string, List<PhaseSample>>(StringComparer.Ordinal);
        var epoch = DateTime.MaxValue;
        index = 0;
        foreach (var s in landingTimes)
        {
            var problem = Check(s, options.SlotMs, out var column);
            if (problem is not null)
            {
                if (options.StrictInput) throw new InputRowException(Input, index, column, problem);
                skipped.Add($"{column} {problem}", index);
            }
            else if (histograms.ContainsKey(s.Leader))
            {
                if (!byLeader.TryGetValue(s.Leader, out var list)) byLeader[s.Leader] = list = [];
                list.Add(s);
                if (s.Time < epoch) epoch = s.Time;
            }
            index++;
        }
        if (epoch == DateTime.MaxValue) epoch = default;
        var series = histograms.Keys.ToDictionary(l => l,
            l => byLeader.TryGetValue(l, out var list) ? LandingTimes(list, epoch, options.MaxKalmanObservations) : [],
            StringComparer.Ordinal);
        return Fit(histograms, series, epoch, skipped, options);
    }

    private static int FineBins(PhaseOptions options) => (int)Math.Ceiling(options.SlotMs / FitResolutionMs);

    private static PhaseAnalysisResult Fit(SortedDictionary<string, (long[] N, long[] K)> histograms,
        Dictionary<string, List<LocalLevelModel.Observation>> series, DateTime epoch, SkipTally skipped,
        PhaseOptions options)
    {
        var fineBins = FineBins(options);
        var globalN = new long[fineBins];
        var globalK = new long[fineBins];
        foreach (var (n, k) in histograms.Values)
            for (var b = 0; b < fineBins; b++) { globalN[b] += n[b]; globalK[b] += k[b]; }

        var globalSamples = globalN.Sum();
        var globalCutoff = globalSamples > 0
            ? LogisticCutoffFitter.Fit(globalN, globalK, FitResolutionMs, options.SlotMs, options.TargetLandingFraction)
            : new CutoffFit(0, options.SlotMs, options.SlotMs, options.SlotMs, 0);

        // Kalman: per-leader fits first; the global parameters summarise them.
        var own = new Dictionary<string, KalmanParameters>(StringComparer.Ordinal);
        foreach (var (leader, obs) in series)
        {
            if (obs.Count < options.MinKalmanObservations) continue;
            var (q, r) = LocalLevelModel.Fit([obs]);
            var (_, x, p) = LocalLevelModel.Filter(obs, q, r);
            own[leader] = new KalmanParameters(x, p, q, r, obs.Count, epoch.AddSeconds(obs[^1].Seconds));
        }
        var globalKalman = GlobalKalman(own.Values.ToList(), series.Values.ToList(), epoch);

        var leaders = new List<LeaderPhaseProfile>(histograms.Count);
        foreach (var (leader, (n, k)) in histograms)
        {
            var samples = n.Sum();
            var ownCutoff = samples >= options.MinSamples;
            var cutoff = ownCutoff
                ? LogisticCutoffFitter.Fit(n, k, FitResolutionMs, options.SlotMs, options.TargetLandingFraction)
                : globalCutoff;
            var kalman = own.TryGetValue(leader, out var fitted)
                ? fitted
                : PersonalisedFallback(globalKalman, series[leader], epoch);
            leaders.Add(new LeaderPhaseProfile(leader, samples, k.Sum(), !ownCutoff, cutoff,
                Bins(n, k, cutoff, options), !own.ContainsKey(leader), kalman));
        }
        var global = new LeaderPhaseProfile("*", globalSamples, globalK.Sum(), false, globalCutoff,
            Bins(globalN, globalK, globalCutoff, options), false, globalKalman);
        return new PhaseAnalysisResult(leaders, global, skipped);
    }

    private static List<LocalLevelModel.Observation> LandingTimes(List<PhaseSample> list, DateTime epoch, int max)
    {
        var obs = list.Where(s => s.Landed && s.LandLatencyMs is not null)
            .Select(s => new LocalLevelModel.Observation((s.Time - epoch).TotalSeconds,
                s.PhaseOffsetMs + s.LandLatencyMs!.Value))
            .OrderBy(o => o.Seconds) // stable: ties keep input order
            .ToList();
        return obs.Count > max ? obs.GetRange(obs.Count - max, max) : obs;
    }

    /// <summary>
    /// Global Q and R are the medians over leaders with their own fit (robust to a few odd leaders); the global
    /// state is the mean of their levels with the spread across leaders plus the mean filtered variance. Without
    /// any fitted leader, Q and R come from one fit shared by all short series.
    /// </summary>
    private static KalmanParameters GlobalKalman(List<KalmanParameters> fitted,
        List<List<LocalLevelModel.Observation>> all, DateTime epoch)
    {
        if (fitted.Count > 0)
        {
            var levels = fitted.Select(f => f.InitialStateMs).ToList();
            var mean = levels.Average();
            var spread = levels.Count > 1 ? levels.Sum(l => (l - mean) * (l - mean)) / (levels.Count - 1) : 0;
            return new KalmanParameters(mean, spread + fitted.Average(f => f.InitialVarianceMs2),
                Median(fitted.Select(f => f.ProcessNoiseMs2PerSecond)),
                Median(fitted.Select(f => f.MeasurementNoiseMs2)),
                fitted.Sum(f => f.Observations), fitted.Max(f => f.LastObservation));
        }
        var values = all.SelectMany(s => s).ToList();
        if (values.Count == 0) return new KalmanParameters(0, 0, 0, 0, 0, default);
        var pooledMean = values.Average(o => o.Value);
        var pooledVar = values.Count > 1
            ? values.Sum(o => (o.Value - pooledMean) * (o.Value - pooledMean)) / (values.Count - 1)
            : 0;
        var fittable = all.Where(s => s.Count >= 3).Cast<IReadOnlyList<LocalLevelModel.Observation>>().ToList();
        var (q, r) = fittable.Count > 0 ? LocalLevelModel.Fit(fittable) : (0.0, pooledVar);
        return new KalmanParameters(pooledMean, pooledVar, q, r, values.Count,
            epoch.AddSeconds(values.Max(o => o.Seconds)));
    }

    /// <summary>Global Q, R and prior state, updated by whatever few landing times the leader has.</summary>
    private static KalmanParameters PersonalisedFallback(KalmanParameters global,
        List<LocalLevelModel.Observation> obs, DateTime epoch)
    {
        if (obs.Count == 0 || global.Observations == 0) return global;
        var (_, x, p) = LocalLevelModel.Filter(obs, global.ProcessNoiseMs2PerSecond, global.MeasurementNoiseMs2,
            global.InitialStateMs, global.InitialVarianceMs2, obs[0].Seconds);
        return global with
        {
            InitialStateMs = x,
            InitialVarianceMs2 = p,
            Observations = obs.Count,
            LastObservation = epoch.AddSeconds(obs[^1].Seconds)
        };
    }

    private static List<PhaseBin> Bins(long[] n, long[] k, CutoffFit fit, PhaseOptions options)
    {
        var count = (int)Math.Round(options.SlotMs / options.BinWidthMs);
        var bins = new List<PhaseBin>(count);
        for (var i = 0; i < count; i++)
        {
            var start = i * options.BinWidthMs;
            long bn = 0, bk = 0;
            for (var b = (int)(start / FitResolutionMs);
                b < Math.Min(n.Length, (int)((start + options.BinWidthMs) / FitResolutionMs)); b++)
            {
                bn += n[b]; bk += k[b];
            }
            bins.Add(new PhaseBin(start, bn, bk, bn > 0 ? (double)bk / bn : 0,
                LogisticCutoffFitter.Rate(fit, start + options.BinWidthMs / 2)));
        }
        return bins;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    private static string? Check(PhaseHistogramRow r, double slotMs, out string column)
    {
        column = nameof(PhaseHistogramRow.Leader);
        if (KeyText.Problem(r.Leader) is { } leader) return leader;
        column = nameof(PhaseHistogramRow.PhaseBinMs);
        if (!double.IsFinite(r.PhaseBinMs)) return "is not finite";
        if (r.PhaseBinMs < 0 || r.PhaseBinMs >= slotMs) return $"is outside [0, {slotMs})";
        column = nameof(PhaseHistogramRow.Samples);
        if (r.Samples < 0) return "is negative";
        column = nameof(PhaseHistogramRow.Lands);
        if (r.Lands < 0) return "is negative";
        if (r.Lands > r.Samples) return "exceeds samples";
        return null;
    }

    private static string? Check(PhaseSample s, double slotMs, out string column)
    {
        column = nameof(PhaseSample.Leader);
        if (KeyText.Problem(s.Leader) is { } leader) return leader;
        column = nameof(PhaseSample.PhaseOffsetMs);
        if (!double.IsFinite(s.PhaseOffsetMs)) return "is not finite";
        if (s.PhaseOffsetMs < 0 || s.PhaseOffsetMs >= slotMs) return $"is outside [0, {slotMs})";
        column = nameof(PhaseSample.LandLatencyMs);
        if (s.LandLatencyMs is { } l && (!double.IsFinite(l) || l < 0)) return "is negative or not finite";
        return null;
    }
}
