using MevAnalytics.Jobs.Hosting;
using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Jobs.Running;

/// <summary>What a job gets from whoever runs it.</summary>
/// <param name="Store">ClickHouse (configured server or embedded engine).</param>
/// <param name="Configuration">Options sections (each job binds its own).</param>
/// <param name="Artifacts">Where outputs go.</param>
/// <param name="Trigger">Who started the run: <c>hangfire</c>, <c>cli</c>, <c>demo</c>, <c>notebook</c>, <c>test</c>.</param>
/// <param name="UtcNow">The run's clock (fixed by tests).</param>
/// <param name="Log">Status lines.</param>
/// <param name="Progress">Fraction done in [0, 1].</param>
public sealed record JobContext(
    AnalyticsStore Store,
    IConfiguration Configuration,
    ArtifactOptions Artifacts,
    string Trigger,
    DateTime UtcNow,
    Action<string> Log,
    Action<double> Progress);
