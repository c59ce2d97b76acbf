using MevAnalytics.Calibration.Samples;
using MevAnalytics.Calibration.Segments;

namespace MevAnalytics.Calibration.Runs;

/// <summary>What the pure part of a calibration run needs: how each target is fitted, the segment levels, the
/// bins.</summary>
/// <param name="PLand">Fit options of p_land curves (clipped to [0, 1]).</param>
/// <param name="Ev">Fit options of EV curves (isotonic, bounded).</param>
/// <param name="ByRoute">Route segments are fitted (asked for, and the input has routes).</param>
/// <param name="ByArm">Route x arm segments are fitted (asked for, the input has arms, and routes are fitted).</param>
/// <param name="BinCount">Reliability bins of ECE and MCE.</param>
public sealed record CalibrationRunSettings(CalibrationFitOptions PLand, CalibrationFitOptions Ev, bool ByRoute,
    bool ByArm, int BinCount)
{
    /// <summary>The fit options of <paramref name="target"/>.</summary>
    public CalibrationFitOptions For(CalibrationTarget target) => target == CalibrationTarget.PLand ? PLand : Ev;
}
