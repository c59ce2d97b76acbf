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

/// <summary>One mapped table: its name and an expression per role (keys are role names, e.g. <c>Score</c>).</summary>
public sealed class SourceOptions
{
    /// <summary>Existing table, <c>name</c> or <c>database.name</c> (plain or `backquoted` identifiers). Unqualified
    /// means the analytics database (<c>ClickHouse:Database</c>). Default null: unmapped.</summary>
    public string? Table { get; set; }

    /// <summary>ClickHouse expression over the table's columns per role, e.g. <c>Landed =
    /// toUInt8(realized_land)</c>.</summary>
    public Dictionary<string, string> Columns { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when a table is set.</summary>
    public bool IsMapped => !string.IsNullOrWhiteSpace(Table);

    /// <summary>The expression mapped to <paramref name="roleKey"/>, or null.</summary>
    public string? Expression(string roleKey) =>
        Columns.FirstOrDefault(c => string.Equals(c.Key, roleKey, StringComparison.OrdinalIgnoreCase)).Value is { } v
        && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>The table split into database (or null) and name, unquoted.</summary>
    public (string? Database, string Name) TableName() => TableIdentifier.Parse(Table ?? "");

    /// <summary>See <see cref="SourcesOptions.Validate"/>.</summary>
    public void Validate(SourceKind kind)
    {
        var section = $"{SourcesOptions.SectionName}:{kind.Key}";
        if (!IsMapped)
        {
            if (Columns.Any(c => !string.IsNullOrWhiteSpace(c.Value)))
                throw new ArgumentException($"{section}:Columns is set but {section}:Table is not: name the table " +
                                            "the expressions read (or remove the columns to read our own " +
                                            $"{kind.OwnTable}).");
            return;
        }
        try
        {
            TableName();
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{section}:Table: {e.Message}");
        }
        foreach (var (key, value) in Columns)
        {
            if (kind.Role(key) is null)
                throw new ArgumentException($"{section}:Columns:{key} is not a role of {kind.Key}; roles: " +
                                            string.Join(", ", kind.Roles.Select(r => r.Key)) + ".");
            if (value is not null && value.Contains(';', StringComparison.Ordinal))
                throw new ArgumentException(
                    $"{section}:Columns:{key} holds ';': one expression per role, no statements.");
        }
        var missing = kind.Roles.Where(r => r.Required && Expression(r.Key) is null)
            .Select(r => $"{section}:Columns:{r.Key}").ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"{section}:Table is set but required roles are not mapped: " +
                                        $"{string.Join(", ", missing)}.");
    }
}
