using MevAnalytics.Fitting;

namespace MevAnalytics.Latency;

/// <summary>Settings of the latency statistics. Call <see cref="Validate"/> before use.</summary>
public sealed class LatencyOptions
{
    /// <summary>Per-route SLO targets by route name; routes not listed use <see cref="DefaultTarget"/>.</summary>
    public Dictionary<string, SloTarget> Targets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>SLO for routes without their own target. Default: p99 &lt;= 400 ms (one slot) and error rate
    /// &lt;= 2%.</summary>
    public SloTarget DefaultTarget { get; set; } = new(P99Ms: 400, MaxErrorRate: 0.02);

    /// <summary>
    /// Tail probability h that defines the hedge delay: the second send fires once the first has been outstanding
    /// longer than the (1 - h) quantile of the route's round-trip time. Default 0.05 (hedge at p95, about 5% extra
    /// sends).
    /// </summary>
    public double HedgeTailProbability { get; set; } = 0.05;

    /// <summary>Endpoints with fewer samples are reported but left out of route quantiles and hedge delays.
    /// Default 20.</summary>
    public long MinSamples { get; set; } = 20;

    /// <summary>Throw <see cref="InputRowException"/> on the first invalid row instead of skipping and counting it.
    /// Default false.</summary>
    public bool StrictInput { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(HedgeTailProbability > 0 && HedgeTailProbability < 0.5))
            throw new ArgumentOutOfRangeException($"{nameof(LatencyOptions)}.{nameof(HedgeTailProbability)}",
                HedgeTailProbability,
                $"{nameof(LatencyOptions)}.{nameof(HedgeTailProbability)} must be in (0, 0.5) " +
                $"(got {HedgeTailProbability}).");
        if (MinSamples < 1)
            throw new ArgumentOutOfRangeException($"{nameof(LatencyOptions)}.{nameof(MinSamples)}", MinSamples,
                $"{nameof(LatencyOptions)}.{nameof(MinSamples)} must be >= 1 (got {MinSamples}).");
        ArgumentNullException.ThrowIfNull(Targets, $"{nameof(LatencyOptions)}.{nameof(Targets)}");
        ArgumentNullException.ThrowIfNull(DefaultTarget, $"{nameof(LatencyOptions)}.{nameof(DefaultTarget)}");
        foreach (var (route, t) in Targets.Append(new KeyValuePair<string, SloTarget>("(default)", DefaultTarget)))
        {
            foreach (var (name, v) in
                new[] { ("P50Ms", t.P50Ms), ("P90Ms", t.P90Ms), ("P99Ms", t.P99Ms), ("P999Ms", t.P999Ms) })
                if (v is { } ms && !(ms > 0 && double.IsFinite(ms)))
                    throw new ArgumentOutOfRangeException($"{nameof(LatencyOptions)}.{nameof(Targets)}", ms,
                        $"{nameof(LatencyOptions)}.{nameof(Targets)}[{route}].{name} must be a positive finite " +
                        $"number of ms (got {ms}).");
            if (t.MaxErrorRate is { } e && !(e >= 0 && e <= 1))
                throw new ArgumentOutOfRangeException($"{nameof(LatencyOptions)}.{nameof(Targets)}", e,
                    $"{nameof(LatencyOptions)}.{nameof(Targets)}[{route}].MaxErrorRate must be in [0, 1] (got {e}).");
        }
    }

    /// <summary>The target that applies to <paramref name="route"/>.</summary>
    public SloTarget TargetFor(string route) => Targets.TryGetValue(route, out var t) ? t : DefaultTarget;
}
