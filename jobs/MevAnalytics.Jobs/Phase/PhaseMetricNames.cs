namespace MevAnalytics.Jobs.Phase;

/// <summary>Names of the phase job's headline metrics (manifest and <c>job_runs.metrics</c>).</summary>
public static class PhaseMetricNames
{
    /// <summary>Leaders published.</summary>
    public const string Leaders = "leaders";

    /// <summary>Leaders with a cut-off of their own.</summary>
    public const string LeadersOwnCutoff = "leaders_own_cutoff";

    /// <summary>Leaders with Kalman parameters of their own.</summary>
    public const string LeadersOwnKalman = "leaders_own_kalman";

    /// <summary>Sends behind the table (its rows_used).</summary>
    public const string Sends = "sends";

    /// <summary>Cut-off of all leaders together (ms into the slot).</summary>
    public const string GlobalCutoffMs = "global_cutoff_ms";

    /// <summary>Input rows left out as invalid.</summary>
    public const string RowsSkipped = "rows_skipped";
}
