namespace MevAnalytics.Jobs.Reports;

/// <summary>Totals of one route over a window (from the arm rollup).</summary>
public sealed record RouteTotals(string Route, long Sends, long Lands, double PayoffSumSol, double TipSumLamports)
{
    public double LandingRate => Sends == 0 ? double.NaN : (double)Lands / Sends;

    /// <summary>Tip spend in SOL.</summary>
    public double TipSpendSol => TipSumLamports / 1e9;

    /// <summary>Realized EV per send: payoff minus tip, in SOL.</summary>
    public double NetEvPerSendSol => Sends == 0 ? double.NaN : (PayoffSumSol - TipSpendSol) / Sends;

    /// <summary>Sum of several routes' totals under one name.</summary>
    public static RouteTotals Sum(string name, IEnumerable<RouteTotals> parts)
    {
        var list = parts.ToList();
        return new RouteTotals(name, list.Sum(p => p.Sends), list.Sum(p => p.Lands), list.Sum(p => p.PayoffSumSol),
            list.Sum(p => p.TipSumLamports));
    }
}

/// <summary>p50 and p99 probe latency (ms) of a route over a window or at an hour (<paramref name="Time"/>).</summary>
public sealed record RouteLatency(string Route, DateTime Time, double P50Ms, double P99Ms);

/// <summary>One row of <c>job_runs</c>.</summary>
public sealed record JobRunRow(
    string Job, string Status, DateTime StartedAt, long DurationMs, long RowsRead, string LutVersion, string Error,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>Sends and lands of one leader ("*" for all) in one send-offset bin starting at
/// <paramref name="StartMs"/>.</summary>
public sealed record PhaseBinRow(string Leader, double StartMs, long Sends, long Lands);
