namespace MevAnalytics.Lut;

/// <summary>How far one segment's curve moved between two tables.</summary>
/// <param name="Segment">Segment key.</param>
/// <param name="InA">Segment stored in table A.</param>
/// <param name="InB">Segment stored in table B.</param>
/// <param name="MaxAbsDifference">Max |A(x) - B(x)| over all scores, comparing the curves each table would use for
/// the key (after fallback); null when either table has no curve for it.</param>
public sealed record LutSegmentDiff(string Segment, bool InA, bool InB, double? MaxAbsDifference);
