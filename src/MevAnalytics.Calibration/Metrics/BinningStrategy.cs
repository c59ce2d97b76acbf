namespace MevAnalytics.Calibration.Metrics;

/// <summary>How reliability bins are laid over forecasts in [0, 1].</summary>
public enum BinningStrategy
{
    /// <summary>Bins of equal width on [0, 1] (scikit-learn's <c>calibration_curve(strategy="uniform")</c>).</summary>
    EqualWidth,

    /// <summary>Edges at forecast quantiles, numpy's linear percentile (<c>strategy="quantile"</c>).</summary>
    EqualMass,
}
