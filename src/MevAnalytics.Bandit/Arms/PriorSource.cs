namespace MevAnalytics.Bandit.Arms;

/// <summary>Where a route's prior came from.</summary>
public enum PriorSource
{
    /// <summary>Beta-binomial maximum likelihood across the route's own arms.</summary>
    RouteFit,
    /// <summary>The route had fewer than two arms with enough pulls; the fit across all routes' arms was
    /// used.</summary>
    GlobalFit,
    /// <summary>Not enough arms anywhere: Beta(floor/2, floor/2).</summary>
    Uniform,
}
