using System.Text.Json;
using MevAnalytics.Calibration.Holdout;
using MevAnalytics.Simulation.Truth;

namespace MevAnalytics.Jobs.Calibration;

/// <summary>The true calibration curves of a simulation, read from its ground-truth JSON (only known for simulated
/// data).</summary>
/// <param name="Path">The JSON file.</param>
/// <param name="Distortion">True p_land: TrueProbability(score).</param>
/// <param name="EvBias">True EV: E[payoff | ev_est] = (ev_est - Offset) / Scale.</param>
public sealed record GroundTruthCurves(string Path, LandingDistortion Distortion, EvBias EvBias)
{
    /// <summary>Reads <paramref name="path"/> (set by <c>Calibration:GroundTruth</c>).</summary>
    public static GroundTruthCurves Load(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"Calibration:GroundTruth '{path}' does not exist (mev simulate --truth FILE " +
                                        "writes one; unset the key for data that is not simulated).");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        if (!root.TryGetProperty("Distortion", out var d) || !root.TryGetProperty("EvBias", out var e))
            throw new ArgumentException(
                $"ground truth '{path}' has no Distortion/EvBias: not a simulation ground-truth file.");
        return new GroundTruthCurves(path,
            new LandingDistortion(d.GetProperty("Gamma").GetDouble(), d.GetProperty("Shift").GetDouble()),
            new EvBias(e.GetProperty("Scale").GetDouble(), e.GetProperty("Offset").GetDouble()));
    }

    /// <summary>True landing probability at a raw score (clamped into the open unit interval the distortion is defined
    /// on).</summary>
    public double PLand(double score) => Distortion.TrueProbability(Math.Clamp(score, 1e-12, 1 - 1e-12));

    /// <summary>True expected payoff at an EV estimate.</summary>
    public double Ev(double evEstimate) => EvBias.TrueExpectedPayoff(evEstimate);

    /// <summary>The true curves, for the fit's distance from them.</summary>
    public TruthCurves Curves() => new(Path, PLand, Ev);
}
