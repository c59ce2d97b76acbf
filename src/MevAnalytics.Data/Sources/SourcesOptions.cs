using MevAnalytics.Data.Configuration;

namespace MevAnalytics.Data.Sources;

/// <summary>
/// Where the jobs read sends and latency probes (section <c>Sources</c>, docs/sources.md). Default: nothing mapped, the
/// jobs read our own <c>landing_events</c> and <c>latency_samples</c>. A mapped source names an existing table and a
/// ClickHouse expression over its columns per role (<c>Sources:Landing:Columns:Score = toFloat64(pred)</c>); the jobs
/// then read a view with those expressions, and the 5-minute rollups are fed by materialized views on that table.
/// </summary>
public sealed class SourcesOptions : ISectionOptions
{
    public const string SectionName = "Sources";

    static string ISectionOptions.Section => SectionName;

    /// <summary>Sends (roles of <see cref="SourceKind.Landing"/>). Default: unmapped.</summary>
    public SourceOptions Landing { get; set; } = new();

    /// <summary>Latency probes (roles of <see cref="SourceKind.Latency"/>). Default: unmapped.</summary>
    public SourceOptions Latency { get; set; } = new();

    /// <summary>The options of <paramref name="kind"/>.</summary>
    public SourceOptions Of(SourceKind kind) => kind == SourceKind.Landing ? Landing : Latency;

    /// <summary>The relation the jobs read for <paramref name="kind"/>: our table, or the view over the mapped
    /// one.</summary>
    public string Relation(SourceKind kind) => Of(kind).IsMapped ? kind.View : kind.OwnTable;

    /// <summary>True when <paramref name="kind"/> is unmapped or maps <paramref name="roleKey"/>.</summary>
    public bool Has(SourceKind kind, string roleKey) => !Of(kind).IsMapped || Of(kind).Expression(roleKey) is not null;

    /// <summary>True when any source is mapped.</summary>
    public bool AnyMapped => Landing.IsMapped || Latency.IsMapped;

    /// <summary>Throws naming the key: columns without a table, a table name that is not an identifier, an unknown
    /// role, an empty expression, or a required role left out.</summary>
    public void Validate()
    {
        foreach (var kind in SourceKind.All) Of(kind).Validate(kind);
    }
}
