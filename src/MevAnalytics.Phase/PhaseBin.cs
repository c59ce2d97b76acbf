using MevAnalytics.Fitting;

namespace MevAnalytics.Phase;

/// <summary>Observed and modelled landing rate of sends whose phase falls in [StartMs, StartMs + width).</summary>
public sealed record PhaseBin(double StartMs, long Samples, long Lands, double LandingRate, double ModelRate);
