namespace MevAnalytics.Data.Sources;

/// <summary>One mapped table: its name and an expression per role (keys are role names, e.g. <c>Score</c> or
/// <c>ev_est</c>).</summary>
public sealed class SourceOptions
{
    /// <summary>Existing table, <c>name</c> or <c>database.name</c> (plain or `backquoted` identifiers). Unqualified
    /// means the analytics database (<c>ClickHouse:Database</c>). Default null: unmapped.</summary>
    public string? Table { get; set; }

    /// <summary>ClickHouse expression over the table's columns per role, e.g. <c>Landed =
    /// toUInt8(realized_land)</c>. Keys in PascalCase or snake_case (<c>EvEst</c> or <c>ev_est</c>).</summary>
    public Dictionary<string, string> Columns { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Tip arms derived from <c>TipLamports</c> when the table logs no arm index: ascending lamport bounds
    /// b1 &lt; b2 &lt; …; a send tipping t lamports is arm k = the number of bounds &lt;= t (arm 0 below b1, arm 1
    /// from b1 up to b2, …; at most 255 bounds). Default empty: <c>TipArm</c> is mapped, or absent.</summary>
    public List<ulong> TipArmBuckets { get; set; } = [];

    /// <summary>True when a table is set.</summary>
    public bool IsMapped => !string.IsNullOrWhiteSpace(Table);

    /// <summary>The expression mapped to <paramref name="roleKey"/> (for <c>TipArm</c> with
    /// <see cref="TipArmBuckets"/>, the bucketing of <c>TipLamports</c>), or null.</summary>
    public string? Expression(string roleKey)
    {
        var spelling = SourceKind.Spelling(roleKey);
        var mapped = Columns.FirstOrDefault(c => SourceKind.Spelling(c.Key) == spelling).Value is { } v
                     && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        if (mapped is not null || TipArmBuckets.Count == 0 || spelling != SourceKind.Spelling("TipArm")) return mapped;
        return Expression("TipLamports") is { } lamports
            ? $"arrayCount(b -> toUInt64({lamports}) >= b, [{string.Join(", ", TipArmBuckets)}])"
            : null;
    }

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
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Columns)
        {
            if (kind.Role(key) is not { } role)
                throw new ArgumentException($"{section}:Columns:{key} is not a role of {kind.Key}; roles: " +
                                            string.Join(", ", kind.Roles.Select(r => r.Key)) +
                                            " (or their snake_case spellings, e.g. ev_est).");
            if (seen.TryGetValue(role.Key, out var other))
                throw new ArgumentException($"{section}:Columns:{other} and {section}:Columns:{key} both map role " +
                                            $"{role.Key}: keep one.");
            seen[role.Key] = key;
            if (value is not null && value.Contains(';', StringComparison.Ordinal))
                throw new ArgumentException(
                    $"{section}:Columns:{key} holds ';': one expression per role, no statements.");
        }
        if (TipArmBuckets.Count > 0)
        {
            if (kind != SourceKind.Landing)
                throw new ArgumentException($"{section}:TipArmBuckets: only the Landing source has tip arms.");
            if (seen.ContainsKey("TipArm"))
                throw new ArgumentException($"{section}:TipArmBuckets and {section}:Columns:{seen["TipArm"]} are " +
                                            "both set: map the arm index, or derive it from lamports, not both.");
            if (!seen.ContainsKey("TipLamports"))
                throw new ArgumentException($"{section}:TipArmBuckets derives the arm from TipLamports, which is " +
                                            $"not mapped: set {section}:Columns:TipLamports.");
            if (TipArmBuckets.Count > 255)
                throw new ArgumentException($"{section}:TipArmBuckets has {TipArmBuckets.Count} bounds; at most " +
                                            "255 (arms 0..255).");
            for (int i = 1; i < TipArmBuckets.Count; i++)
                if (TipArmBuckets[i] <= TipArmBuckets[i - 1])
                    throw new ArgumentException($"{section}:TipArmBuckets must ascend strictly: bound {i} " +
                                                $"({TipArmBuckets[i]}) is not above bound {i - 1} " +
                                                $"({TipArmBuckets[i - 1]}).");
        }
        var missing = kind.Roles.Where(r => r.Required && Expression(r.Key) is null)
            .Select(r => $"{section}:Columns:{r.Key}").ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"{section}:Table is set but required roles are not mapped: " +
                                        $"{string.Join(", ", missing)}.");
    }
}
