namespace MevAnalytics.Jobs.Publishing;

/// <summary>
/// For a refused table, the configuration key that sets the bar it missed, so the message of a gated run says what an
/// operator would change (after deciding the data, not the bar, is what is wrong).
/// </summary>
public static class GateHints
{
    private static readonly Dictionary<(string Table, string Check), string> Keys = new()
    {
        [("calibration", "min-rows")] = "Calibration:MinRows (or a longer Calibration:Window)",
        [("calibration", "holdout-logloss")] = "Calibration:LogLossTolerance",
        [("calibration", "holdout-ece")] = "Calibration:EceTolerance",
        [("bandit", "min-rows")] = "Bandit:MinSends (or a longer Bandit:Window)",
        [("bandit", "off-policy")] = "Bandit:Model:OpeRelativeTolerance and Bandit:Model:OpeAbsoluteTolerance",
        [("latency", "min-rows")] = "Latency:MinSamples (or a longer Latency:Window)",
        [("phase", "min-rows")] = "Phase:MinSends (or a longer Phase:Window)",
    };

    /// <summary>" (bar set by KEY)" for a known check of <paramref name="table"/>, else empty.</summary>
    public static string For(string table, string check) =>
        Keys.TryGetValue((table, check), out var key) ? $" (bar set by {key})" : "";
}
