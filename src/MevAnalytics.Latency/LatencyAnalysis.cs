using MevAnalytics.Fitting;

namespace MevAnalytics.Latency;

/// <summary>The latency job's math: error rates, SLO breach flags and hedge delays from per-endpoint
/// quantiles.</summary>
public static class LatencyAnalysis
{
    private const string Input = "endpoint latency";

    /// <summary>
    /// Rows with an empty route/endpoint, negative counts, errors &gt; count, or (when samples exist) negative,
    /// non-finite or decreasing quantiles are skipped and counted, or throw when
    /// <see cref="LatencyOptions.StrictInput"/>.
    /// Rows whose quantiles are NaN because every sample failed are kept with <c>HasQuantiles = false</c>.
    /// </summary>
    public static LatencyAnalysisResult Analyze(IEnumerable<EndpointLatencyRow> rows, LatencyOptions options)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var skipped = new SkipTally();
        var endpoints = new List<(EndpointLatency Stats, QuantileCurve? Curve)>();
        var index = 0;
        foreach (var row in rows)
        {
            var problem = Check(row, out var column);
            if (problem is not null)
            {
                if (options.StrictInput) throw new InputRowException(Input, index, column, problem);
                skipped.Add($"{column} {problem}", index);
                index++;
                continue;
            }
            index++;
            var quantiles = new[] { row.P50Ms, row.P90Ms, row.P99Ms, row.P999Ms };
            var hasQuantiles = row.Count > row.Errors && quantiles.All(double.IsFinite);
            var curve = hasQuantiles ? new QuantileCurve(row.P50Ms, row.P90Ms, row.P99Ms, row.P999Ms) : null;
            var errorRate = row.Count > 0 ? (double)row.Errors / row.Count : 0;
            var target = options.TargetFor(row.Route);
            var stats = hasQuantiles
                ? new EndpointLatency(row.Route, row.Endpoint, row.Count, row.Errors, errorRate, true,
                    row.P50Ms, row.P90Ms, row.P99Ms, row.P999Ms,
                    Breaches(target, row.Count > 0 ? errorRate : null, quantiles))
                : new EndpointLatency(row.Route, row.Endpoint, row.Count, row.Errors, errorRate, false, 0, 0, 0, 0,
                    Breaches(target, row.Count > 0 ? errorRate : null, null));
            endpoints.Add((stats, curve));
        }

        endpoints.Sort((a, b) => a.Stats.Route != b.Stats.Route
            ? string.CompareOrdinal(a.Stats.Route, b.Stats.Route)
            : string.CompareOrdinal(a.Stats.Endpoint, b.Stats.Endpoint));
        var routes = new List<RouteLatency>();
        foreach (var group in endpoints.GroupBy(e => e.Stats.Route))
        {
            var count = group.Sum(e => e.Stats.Count);
            var errors = group.Sum(e => e.Stats.Errors);
            var errorRate = count > 0 ? (double)errors / count : 0;
            var target = options.TargetFor(group.Key);
            var mixture = group.Where(e => e.Curve is not null && e.Stats.Count >= options.MinSamples)
                .Select(e => (e.Curve!, (double)(e.Stats.Count - e.Stats.Errors))).ToList();
            if (mixture.Count == 0)
            {
                routes.Add(new RouteLatency(group.Key, 0, count, errors, errorRate, false, 0, 0, 0, 0, 0, 0,
                    Breaches(target, count > 0 ? errorRate : null, null)));
                continue;
            }
            var q = QuantileCurve.Levels.Select(p => QuantileCurve.MixtureQuantile(mixture, p)).ToArray();
            var h = options.HedgeTailProbability;
            var hedge = QuantileCurve.MixtureQuantile(mixture, 1 - h);
            routes.Add(new RouteLatency(group.Key, mixture.Count, count, errors, errorRate, true,
                q[0], q[1], q[2], q[3], hedge, h, Breaches(target, count > 0 ? errorRate : null, q)));
        }
        return new LatencyAnalysisResult(endpoints.Select(e => e.Stats).ToList(), routes, skipped);
    }

    /// <summary>Flags for each quantile above its target and an error rate above its maximum.</summary>
    public static SloBreach Breaches(SloTarget target, double? errorRate, IReadOnlyList<double>? quantiles)
    {
        var result = SloBreach.None;
        if (quantiles is not null)
        {
            if (target.P50Ms is { } a && quantiles[0] > a) result |= SloBreach.P50;
            if (target.P90Ms is { } b && quantiles[1] > b) result |= SloBreach.P90;
            if (target.P99Ms is { } c && quantiles[2] > c) result |= SloBreach.P99;
            if (target.P999Ms is { } d && quantiles[3] > d) result |= SloBreach.P999;
        }
        if (target.MaxErrorRate is { } e && errorRate is { } r && r > e) result |= SloBreach.ErrorRate;
        return result;
    }

    private static string? Check(EndpointLatencyRow r, out string column)
    {
        column = nameof(EndpointLatencyRow.Route);
        if (KeyText.Problem(r.Route) is { } route) return route;
        column = nameof(EndpointLatencyRow.Endpoint);
        if (KeyText.Problem(r.Endpoint) is { } endpoint) return endpoint;
        column = nameof(EndpointLatencyRow.Count);
        if (r.Count < 0) return "is negative";
        column = nameof(EndpointLatencyRow.Errors);
        if (r.Errors < 0) return "is negative";
        if (r.Errors > r.Count) return "exceeds count";
        if (r.Count == r.Errors) return null; // no successful samples: quantiles are not used
        double[] q = [r.P50Ms, r.P90Ms, r.P99Ms, r.P999Ms];
        string[] names = [nameof(EndpointLatencyRow.P50Ms), nameof(EndpointLatencyRow.P90Ms),
            nameof(EndpointLatencyRow.P99Ms), nameof(EndpointLatencyRow.P999Ms)];
        for (var i = 0; i < q.Length; i++)
        {
            column = names[i];
            if (double.IsNaN(q[i])) return "is NaN";
            if (!double.IsFinite(q[i])) return "is not finite";
            if (q[i] < 0) return "is negative";
            if (i > 0 && q[i] < q[i - 1]) return $"is below {names[i - 1]}";
        }
        return null;
    }
}
