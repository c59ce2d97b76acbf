namespace MevAnalytics.Calibration.Metrics;

/// <summary>One non-empty reliability bin: its population and mean forecast versus observed frequency.</summary>
/// <param name="Count">Rows in the bin.</param>
/// <param name="Weight">Sum of row weights in the bin.</param>
/// <param name="MeanForecast">Weighted mean forecast.</param>
/// <param name="ObservedFrequency">Weighted mean label.</param>
public readonly record struct ReliabilityBin(long Count, double Weight, double MeanForecast, double ObservedFrequency);
