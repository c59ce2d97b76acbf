namespace MevAnalytics.Data.Sources;

/// <summary>One role as ClickHouse sees it: the configured expression (null when unmapped), its type, a
/// sample.</summary>
public sealed record MappedRole(SourceRole Role, string? Expression, string? Type, string? Sample)
{
    /// <summary>The view's SQL for this role: the converted expression, or the role's constant when unmapped.</summary>
    public string Sql => Expression is null ? Role.Missing : Role.Convert(Expression, Type!);
}
