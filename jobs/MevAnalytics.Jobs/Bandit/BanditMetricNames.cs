namespace MevAnalytics.Jobs.Bandit;

/// <summary>Names of the bandit job's headline metrics (manifest and <c>job_runs.metrics</c>).</summary>
public static class BanditMetricNames
{
    /// <summary>Arm rows published.</summary>
    public const string Arms = "arms";

    /// <summary>Routes (and leader groups) fitted.</summary>
    public const string Routes = "routes";

    /// <summary>Rollup rows read (one per arm with decay in ClickHouse, else one per arm and bucket).</summary>
    public const string RollupRows = "rollup_rows";

    /// <summary>Rollup buckets left out as invalid.</summary>
    public const string RollupRowsSkipped = "rollup_rows_skipped";

    /// <summary>Sends behind the valid buckets (the table's rows_used).</summary>
    public const string Sends = "sends";

    /// <summary>Logged decisions of the off-policy slice.</summary>
    public const string OpeDecisions = "ope_decisions";

    /// <summary>Per-action sum rows read for off-policy evaluation.</summary>
    public const string OpeActionRows = "ope_action_rows";

    /// <summary>1 when the off-policy evaluation ran, 0 when it was skipped.</summary>
    public const string OpeEvaluated = "ope_evaluated";

    /// <summary>EV per send of the logging policy (SOL).</summary>
    public const string OpeEvLogging = "ope_ev_logging";

    /// <summary>EV per send of the published policy, IPS estimate.</summary>
    public const string OpeEvIps = "ope_ev_ips";

    /// <summary>EV per send of the published policy, SNIPS estimate.</summary>
    public const string OpeEvSnips = "ope_ev_snips";

    /// <summary>EV per send of the published policy, doubly robust estimate.</summary>
    public const string OpeEvDoublyRobust = "ope_ev_dr";

    /// <summary>Effective sample size of the importance weights.</summary>
    public const string OpeEffectiveSampleSize = "ope_ess";
}
