namespace MevAnalytics.Data.Sources;

/// <summary>
/// One role of a source: the configuration key under <c>Sources:X:Columns</c>, the column of our own table it stands
/// for
/// (and the name and type the view gives it), and whether a mapping must have it.
/// </summary>
/// <param name="Key">Configuration key, e.g. <c>Score</c>.</param>
/// <param name="Column">Our column, e.g. <c>p_land_est</c>.</param>
/// <param name="Type">The view column's ClickHouse type, e.g. <c>Float64</c>.</param>
/// <param name="Kind">Accepted type family.</param>
/// <param name="Required">True: a mapping without it is refused (every job that reads the source needs it); the
/// other roles are needed by some jobs only (<c>Needs</c> of each job), which end unavailable without them.</param>
/// <param name="Missing">The constant the view holds when the role is not mapped (never read by a job that needs
/// it).</param>
/// <param name="Unit">Unit or range, for <c>mev sources check</c> and the docs.</param>
/// <param name="WithoutIt">What leaving the role unmapped disables (the jobs enforce it; docs/sources.md).</param>
public sealed record SourceRole(string Key, string Column, string Type, RoleKind Kind, bool Required, string Missing,
    string Unit, string WithoutIt)
{
    /// <summary>SQL converting <paramref name="expression"/> (whose ClickHouse type is <paramref name="type"/>) to
    /// <see cref="Type"/>.</summary>
    public string Convert(string expression, string type)
    {
        var x = $"({expression})";
        return Kind switch
        {
            RoleKind.Time => $"CAST({x} AS DateTime64(3, 'UTC'))",
            RoleKind.Number => $"to{Type}({x})",
            RoleKind.NullableNumber => $"CAST({x} AS {Type})",
            RoleKind.Integer => $"to{Type}({x})",
            RoleKind.Flag => type is "UInt8" or "Bool"
                ? $"toUInt8({x})"
                : $"toUInt8(multiIf({x} = 0, 0, {x} = 1, 1, 2))",
            RoleKind.Text => type.StartsWith("FixedString", StringComparison.Ordinal)
                ? $"toStringCutToZero({x})"
                : $"toString({x})",
            _ => throw new InvalidOperationException($"unknown role kind {Kind}"),
        };
    }

    /// <summary>Null when <paramref name="type"/> (as DESCRIBE reports it) suits this role, else what is
    /// wrong.</summary>
    public string? Reject(string type)
    {
        var bare = type;
        bool nullable = Unwrap(ref bare, "Nullable(");
        Unwrap(ref bare, "LowCardinality(");
        if (nullable && Kind != RoleKind.NullableNumber)
            return $"type {type} is Nullable; wrap it, e.g. ifNull(x, 0) or assumeNotNull(x)";
        bool integer = bare is "UInt8" or "UInt16" or "UInt32" or "UInt64" or "Int8" or "Int16" or "Int32" or "Int64"
                       or "UInt128" or "UInt256" or "Int128" or "Int256";
        bool number = integer || bare is "Float32" or "Float64" or "BFloat16"
                      || bare.StartsWith("Decimal", StringComparison.Ordinal);
        bool ok = Kind switch
        {
            RoleKind.Time => bare is "DateTime" || bare.StartsWith("DateTime(", StringComparison.Ordinal)
                                               || bare.StartsWith("DateTime64(", StringComparison.Ordinal),
            RoleKind.Number or RoleKind.NullableNumber => number,
            RoleKind.Integer => integer,
            RoleKind.Flag => integer || bare == "Bool",
            RoleKind.Text => bare == "String" || bare.StartsWith("FixedString(", StringComparison.Ordinal)
                                              || bare.StartsWith("Enum", StringComparison.Ordinal),
            _ => false,
        };
        return ok ? null : $"type {type} is not usable as {Key} ({Column} {Type}): expected {Expected}";
    }

    /// <summary>The accepted types in words.</summary>
    public string Expected => Kind switch
    {
        RoleKind.Time => "DateTime or DateTime64",
        RoleKind.Number => "a number (integer, float or decimal)",
        RoleKind.NullableNumber => "a number, possibly Nullable",
        RoleKind.Integer => "an integer",
        RoleKind.Flag => "Bool or an integer 0/1",
        RoleKind.Text => "String, FixedString, LowCardinality(String) or Enum",
        _ => "?",
    };

    private static bool Unwrap(ref string type, string prefix)
    {
        if (!type.StartsWith(prefix, StringComparison.Ordinal) || !type.EndsWith(')')) return false;
        type = type[prefix.Length..^1];
        return true;
    }
}
