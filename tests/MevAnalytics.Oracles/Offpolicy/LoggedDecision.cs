namespace MevAnalytics.Oracles.Offpolicy;

/// <summary>One logged send decision from landing_events (the per-row input of the test oracles).</summary>
/// <param name="Context">Context the policy conditioned on (the leader group when arms are split by it), or
/// null.</param>
/// <param name="Route">Chosen route.</param>
/// <param name="Arm">Chosen tip arm.</param>
/// <param name="Propensity">Probability with which the logging policy chose this route+arm; null when not
/// recorded.</param>
/// <param name="Landed">Whether the send landed.</param>
/// <param name="PayoffSol">Realised payoff, SOL (0 when it did not land).</param>
/// <param name="TipLamports">Tip paid, lamports.</param>
public sealed record LoggedDecision(string? Context, string Route, int Arm, double? Propensity, bool Landed,
    double PayoffSol, double TipLamports);
