namespace MevAnalytics.Jobs.Latency;

/// <summary>Names of the latency job's headline metrics (manifest and <c>job_runs.metrics</c>).</summary>
public static class LatencyMetricNames
{
    /// <summary>Route x endpoint rows published.</summary>
    public const string Endpoints = "endpoints";

    /// <summary>Routes published.</summary>
    public const string Routes = "routes";

    /// <summary>Probes behind the table (its rows_used).</summary>
    public const string Samples = "samples";

    /// <summary>Rollup rows left out as invalid.</summary>
    public const string RowsSkipped = "rows_skipped";

    /// <summary>Routes breaching their SLO.</summary>
    public const string RoutesBreachingSlo = "routes_breaching_slo";
}
