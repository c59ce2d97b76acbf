namespace MevAnalytics.Lut;

/// <summary>What the manifest records besides the header: who published and the job's quality metrics.</summary>
/// <param name="Producer">Who produced the table (job name, host, user).</param>
/// <param name="Metrics">Named metrics, e.g. holdout log loss; must be finite.</param>
public sealed record LutPublishMetadata(string Producer, IReadOnlyDictionary<string, double> Metrics);
