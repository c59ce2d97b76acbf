namespace MevAnalytics.Data.Sources;

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
