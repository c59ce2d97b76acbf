using MevAnalytics.Calibration.Holdout;
using MevAnalytics.Calibration.Isotonic;
using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Segments;

namespace MevAnalytics.Calibration.Runs;

/// <summary>
/// The pure part of a calibration run: per target, the segment fits on the training rows, their holdout evaluation
/// against the raw score, the summary of every segment, the key metrics, and (for simulated data) the distance of the
/// global fits from the true curves. No I/O: the same rows give the same result wherever they came from.
/// </summary>
public static class CalibrationFitter
{
    /// <summary>Fits and evaluates <paramref name="pLand"/> and <paramref name="ev"/> (either may be null).</summary>
    /// <param name="pLand">p_land rows or buckets, holdout rows flagged.</param>
    /// <param name="ev">EV rows or buckets, holdout rows flagged.</param>
    /// <param name="settings">Fit options, segment levels, bins.</param>
    /// <param name="truth">The true curves, when known.</param>
    /// <param name="source">Names the input in errors.</param>
    /// <exception cref="ArgumentException">A target without training or holdout rows, or single-class
    /// labels.</exception>
    public static CalibrationFitResult Fit(CalibrationSample? pLand, CalibrationSample? ev,
        CalibrationRunSettings settings, TruthCurves? truth, string source)
    {
        // The targets share nothing: EV fits on the other core while p_land fits here (each result is the same as
        // fitted alone, so the output does not depend on the threads).
        var evFit = ev is null ? null : Task.Run(() => FitTarget(ev, settings, source));
        var p = pLand is null ? null : FitTarget(pLand, settings, source);
        var e = evFit?.GetAwaiter().GetResult();
        var metrics = new Dictionary<string, double>();
        if (p is not null)
        {
            var global = p.Evaluation["*"];
            metrics[CalibrationMetricNames.HoldoutEceBefore] = global.Before!.EceEqualMass;
            metrics[CalibrationMetricNames.HoldoutEceAfter] = global.After!.EceEqualMass;
            metrics[CalibrationMetricNames.HoldoutEceWidthAfter] = global.After.EceEqualWidth;
            metrics[CalibrationMetricNames.HoldoutLogLossBefore] = global.Before.LogLoss;
            metrics[CalibrationMetricNames.HoldoutLogLossAfter] = global.After.LogLoss;
            metrics[CalibrationMetricNames.HoldoutBrierAfter] = global.After.Brier.Brier;
            metrics[CalibrationMetricNames.HoldoutSends] = global.After.WeightSum;
        }
        if (e is not null)
        {
            var global = e.Evaluation["*"];
            metrics[CalibrationMetricNames.EvMaeBefore] = global.EvBefore!.MeanAbsoluteError;
            metrics[CalibrationMetricNames.EvMaeAfter] = global.EvAfter!.MeanAbsoluteError;
            metrics[CalibrationMetricNames.EvBiasAfter] = global.EvAfter.Bias;
        }
        metrics[CalibrationMetricNames.Segments] = (p?.Fits.Count ?? 0) + (e?.Fits.Count ?? 0);
        var distance = truth is null || p is null ? null : Distance(p, e, truth);
        if (distance is not null)
        {
            metrics[CalibrationMetricNames.TruthRms] = distance.PLandRms;
            metrics[CalibrationMetricNames.TruthMaxAbs] = distance.PLandMaxAbs;
        }
        long rowsUsed = p?.Fits[0].Rows ?? e?.Fits[0].Rows ?? 0;
        return new CalibrationFitResult(p, e, rowsUsed, metrics, distance);
    }

    private static TargetFit FitTarget(CalibrationSample sample, CalibrationRunSettings settings, string source)
    {
        var options = settings.For(sample.Target);
        var fits = CalibrationCurves.Fit(sample, options, settings.ByRoute, settings.ByArm, source);
        var holdout = sample.Part(holdout: true);
        if (holdout.Count == 0)
            throw new ArgumentException(
                $"{source}: the holdout slice has no " +
                $"{(sample.Target == CalibrationTarget.PLand ? "p_land" : "EV")} rows: " +
                "nothing to evaluate the fit on, nothing published.");
        var evaluation = HoldoutEvaluation.Evaluate(fits, holdout, settings.BinCount);
        var summary = Summarize(sample.Target, fits, evaluation, options);
        return new TargetFit(sample.Target, fits, holdout, evaluation, summary);
    }

    private static TruthDistance Distance(TargetFit p, TargetFit? e, TruthCurves truth)
    {
        var (rms, max) = HoldoutEvaluation.DistanceFromTruth(p.Fits[0].Model, p.Holdout, truth.PLand);
        var identity = IsotonicModel.FromKnots([0.0, 1.0], [0.0, 1.0]);
        var (rawRms, _) = HoldoutEvaluation.DistanceFromTruth(identity, p.Holdout, truth.PLand);
        double? evRms = null, evMax = null;
        if (e is not null) (evRms, evMax) = HoldoutEvaluation.DistanceFromTruth(e.Fits[0].Model, e.Holdout, truth.Ev);
        return new TruthDistance(truth.Source, rms, max, evRms, evMax, rawRms);
    }

    private static TargetSummary Summarize(CalibrationTarget target, IReadOnlyList<SegmentFit> fits,
        IReadOnlyDictionary<string, HoldoutEvaluation.SegmentMetrics> evaluation, CalibrationFitOptions options)
    {
        bool p = target == CalibrationTarget.PLand;
        var list = fits.Select(f =>
        {
            var m = evaluation[f.Key.ToString()];
            var kx = f.OwnFit ? f.Model.XThresholds.ToArray() : [];
            var ky = f.OwnFit ? f.Model.YThresholds.ToArray() : [];
            bool monotone = ky.Zip(ky.Skip(1)).All(t => t.Second >= t.First);
            bool inRange = !p || ky.All(v => v is >= 0 and <= 1);
            bool? improved = p
                ? m.After is null ? null : m.After.EceEqualMass <= m.Before!.EceEqualMass
                : m.EvAfter is null ? null : m.EvAfter.MeanAbsoluteError <= m.EvBefore!.MeanAbsoluteError;
            return new SegmentSummary(CalibrationCurves.LutKey(target, f.Key),
                f.ParentKey is { } pk ? CalibrationCurves.LutKey(target, pk) : null, f.Rows, f.WeightSum, f.OwnFit,
                CalibrationCurves.LutKey(target, f.EffectiveKey), kx, ky, m.Before, m.After, m.EvBefore, m.EvAfter,
                new SegmentChecks(monotone, inRange, f.Rows >= options.MinSamples, improved));
        }).ToArray();
        return new TargetSummary(p ? "p_land" : "ev", p ? "" : CalibrationSample.EvKeyPrefix, list);
    }
}
