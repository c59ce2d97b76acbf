using MevAnalytics.Fitting;

namespace MevAnalytics.Latency;

/// <summary>Output of <see cref="LatencyAnalysis.Analyze"/>, sorted by route then endpoint.</summary>
public sealed record LatencyAnalysisResult(
    IReadOnlyList<EndpointLatency> Endpoints, IReadOnlyList<RouteLatency> Routes, SkipTally Skipped);
