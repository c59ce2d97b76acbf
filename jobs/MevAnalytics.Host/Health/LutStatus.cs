namespace MevAnalytics.Host.Health;

/// <summary>The current version of one published table and how old it is against its producer's schedule.</summary>
/// <param name="Table">Table (folder under <c>{Artifacts:Root}/luts</c>).</param>
/// <param name="Version">Current version, or null when unreadable.</param>
/// <param name="ProducerJob">Job named in the manifest.</param>
/// <param name="CreatedAtUtc">The table's created-at from its manifest.</param>
/// <param name="AgeSeconds">Now minus created-at.</param>
/// <param name="MaxAgeSeconds">Stale beyond this (schedule interval x <c>Health:StaleAfterIntervals</c>); null when
/// the producer is not scheduled here.</param>
/// <param name="Error">Why the current version could not be read, if it could not.</param>
public sealed record LutStatus(
    string Table,
    int? Version,
    string? ProducerJob,
    DateTime? CreatedAtUtc,
    double? AgeSeconds,
    double? MaxAgeSeconds,
    string? Error)
{
    public bool Stale => Error is not null || (AgeSeconds is { } age && MaxAgeSeconds is { } max && age > max);
}
