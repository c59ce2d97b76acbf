using System.Text.Json;

namespace MevAnalytics.Jobs.Reports.Views;

/// <summary>What the report shows of the current phase table: the global profile and every leader's cut-off fit.</summary>
public sealed record PhaseView(int Version, LeaderPhase Global, IReadOnlyList<LeaderPhase> Leaders)
{
    /// <summary>Reads a phase summary (pure); null when it has no global profile.</summary>
    public static PhaseView? FromSummary(int version, JsonElement summary) =>
        summary.Child("global") is { } g
            ? new PhaseView(version, LeaderPhase.From(g), summary.Items("leaders").Select(LeaderPhase.From).ToArray())
            : null;
}

/// <summary>A leader's logistic cut-off fit: plateau landing rate, cut-off and scale (ms), recommended send offset.</summary>
public sealed record LeaderPhase(string Leader, long Sends, long Lands, bool Fallback, double PlateauRate, double CutoffMs, double ScaleMs,
    double CutoffStdErrMs, double RecommendedOffsetMs)
{
    public static LeaderPhase From(JsonElement e) => new(e.Text("leader"), (long)e.Number("samples"), (long)e.Number("lands"),
        e.Flag("cutoffIsFallback"), e.Number("plateauRate"), e.Number("cutoffMs"), e.Number("scaleMs"), e.Number("cutoffStdErrMs"),
        e.Number("recommendedOffsetMs"));

    /// <summary>The fitted landing probability at send offset <paramref name="offsetMs"/> (same curve as the phase job's fitter).</summary>
    public double Rate(double offsetMs) =>
        MevAnalytics.Phase.LogisticCutoffFitter.Rate(
            new MevAnalytics.Phase.CutoffFit(PlateauRate, CutoffMs, ScaleMs, CutoffStdErrMs, RecommendedOffsetMs), offsetMs);
}
