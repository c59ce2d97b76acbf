namespace MevAnalytics.Lut;

/// <summary>A gate check that failed, and why.</summary>
public sealed record LutCheckFailure(string Name, string Reason);

/// <summary>Outcome of <see cref="LutPublisher.PublishAsync"/>.</summary>
/// <param name="Published">True if the table is now current.</param>
/// <param name="Version">New version, or null when nothing was published.</param>
/// <param name="FilePath">Path of the new file, or null.</param>
/// <param name="FailedChecks">Empty when published.</param>
public sealed record PublishResult(bool Published, int? Version, string? FilePath,
    IReadOnlyList<LutCheckFailure> FailedChecks);
