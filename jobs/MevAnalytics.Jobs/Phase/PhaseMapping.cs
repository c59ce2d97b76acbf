using MevAnalytics.Lut;
using MevAnalytics.Phase;

namespace MevAnalytics.Jobs.Phase;

/// <summary>Phase profiles to LUT <see cref="PhaseOffset"/> records.</summary>
public static class PhaseMapping
{
    /// <summary>
    /// The global profile as leader <c>"*"</c> plus one row per leader with its own cut-off fit; leaders below the
    /// sample threshold get no row, so the runtime's lookup falls back to <c>"*"</c>. Optimal offset = recommended
    /// offset, spread = logistic scale; process noise is converted from ms^2 per second to ms^2 per slot.
    /// </summary>
    public static IReadOnlyList<PhaseOffset> ToLut(PhaseAnalysisResult result, PhaseOptions options) =>
        result.Leaders.Where(l => !l.CutoffIsFallback).Append(result.Global)
            .Select(l => new PhaseOffset(l.Leader, l.Samples, l.Cutoff.RecommendedOffsetMs, l.Cutoff.ScaleMs,
                l.Kalman.InitialStateMs, l.Kalman.InitialVarianceMs2,
                l.Kalman.ProcessNoiseMs2PerSecond * options.SlotMs / 1000, l.Kalman.MeasurementNoiseMs2))
            .ToList();
}
