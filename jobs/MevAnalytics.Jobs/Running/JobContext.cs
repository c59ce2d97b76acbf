using MevAnalytics.Data.Connection;
using MevAnalytics.Jobs.Hosting;
using MevAnalytics.Lut;

namespace MevAnalytics.Jobs.Running;

/// <summary>What a job gets from whoever runs it.</summary>
/// <param name="Store">ClickHouse (configured server or embedded engine); null for an offline run (a fit of a
/// file).</param>
/// <param name="Settings">Every options section, bound and validated once for the session.</param>
/// <param name="Trigger">Who started the run: <c>hangfire</c>, <c>cli</c>, <c>demo</c>, <c>notebook</c>,
/// <c>test</c>.</param>
/// <param name="UtcNow">The run's clock (fixed by tests).</param>
/// <param name="Log">Status lines.</param>
/// <param name="Progress">Fraction done in [0, 1].</param>
public sealed record JobContext(
    AnalyticsStore? Store,
    JobSettings Settings,
    string Trigger,
    DateTime UtcNow,
    Action<string> Log,
    Action<double> Progress)
{
    /// <summary>This run's id: its <c>job_runs.run_id</c> and the <c>runId</c> of the manifest it publishes.</summary>
    public Guid RunId { get; init; } = Guid.NewGuid();

    /// <summary>True for a trial run outside the configured artifact root (<c>--out</c>) or of a file: it is not
    /// recorded in <c>job_runs</c>, so it never shows up as a production run in metrics, health or reports.</summary>
    public bool Scratch { get; init; }

    /// <summary>The code revision stamped on the tables this run publishes (the build's git revision; fixed by
    /// tests that compare a run with a golden one).</summary>
    public string Revision { get; init; } = Publishing.BuildInfo.GitRevision;

    /// <summary>Called at each stage of a publish (<see cref="LutPublisher"/>'s fault seam): null in production; tests
    /// set it to crash or fail a publish at a chosen point.</summary>
    public Action<LutPublishStage>? PublishFaults { get; init; }

    /// <summary>Where outputs go (section <c>Artifacts</c>).</summary>
    public ArtifactOptions Artifacts => Settings.Artifacts;

    /// <summary>The analytics database; an offline run has none and says so.</summary>
    public ClickHouseGateway Db => Store?.Db ?? throw new InvalidOperationException(
        "this run is offline (a fit of an --input file): it has no ClickHouse to read");

    /// <summary>The publisher of this run's artifact root.</summary>
    public LutPublisher Publisher() =>
        new(new LutPublisherOptions { ArtifactRoot = Artifacts.LutRoot, Keep = Artifacts.Keep }, PublishFaults);
}
