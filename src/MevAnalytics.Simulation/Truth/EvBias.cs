namespace MevAnalytics.Simulation.Truth;

/// <summary>
/// The known bias of the runtime's EV estimate: ev_est = Scale * E[payoff] + Offset, so the true calibration of
/// realized payoff on the estimate is the line E[payoff | ev_est] = (ev_est - Offset) / Scale.
/// </summary>
public sealed record EvBias(double Scale, double Offset)
{
    public double Estimate(double expectedPayoff) => Scale * expectedPayoff + Offset;

    public double TrueExpectedPayoff(double estimate) => (estimate - Offset) / Scale;
}
