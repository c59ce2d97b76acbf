namespace MevAnalytics.Lut;

/// <summary>What the manifest records besides the header: who published and the job's quality metrics.</summary>
/// <param name="Producer">Who produced the table (job name, host, user).</param>
/// <param name="Metrics">Named metrics, e.g. holdout log loss; must be finite.</param>
/// <param name="RunId">The run publishing, recorded in the manifest
/// so that its <c>job_runs</c> row can be found.</param>
public sealed record LutPublishMetadata(string Producer, IReadOnlyDictionary<string, double> Metrics,
    string? RunId = null);
