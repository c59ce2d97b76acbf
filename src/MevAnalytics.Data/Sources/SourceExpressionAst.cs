namespace MevAnalytics.Data.Sources;

/// <summary>
/// The rule for a Sources expression, applied to ClickHouse's own parse of <c>SELECT expr AS v</c> (the text of
/// <c>EXPLAIN AST</c>, one node per line): an expression over the mapped table's own columns, so no subquery, no other
/// table, no table function, and no function that reads outside the row (dictionaries, joins, files, URLs, other
/// servers). Pure: the lines in, the problem out.
/// </summary>
public static class SourceExpressionAst
{
    // Nodes that only appear when a query reads a table: the top-level SELECT has none of them.
    private static readonly string[] TableNodes =
        ["Subquery", "TablesInSelectQuery", "TableExpression", "TableIdentifier", "TableFunction", "TableJoin"];

    // Functions that read data other than the row's own columns. Matched by name prefix, case-insensitively.
    private static readonly string[] OutsideFunctions =
    [
        "dictGet", "dictHas", "dictIsIn", "dictGetHierarchy", "dictGetChildren", "dictGetDescendants", "joinGet",
        "file", "url", "s3", "hdfs", "remote", "cluster", "executable", "input", "mysql", "postgresql", "jdbc",
        "odbc", "sqlite", "mongodb", "redis", "azureBlobStorage", "gcs", "globalIn", "globalNotIn", "getSetting",
        "getMacro", "getServerPort", "currentProfiles", "currentRoles", "filesystem", "hostName", "fqdn",
    ];

    /// <summary>Why the parsed expression may not be a Sources expression, or null when it may.</summary>
    public static string? Problem(IEnumerable<string> astLines)
    {
        int selects = 0;
        foreach (var raw in astLines)
        {
            var node = raw.Trim();
            var name = node.Split(' ', 2)[0];
            if (name == "SelectQuery" && ++selects > 1 || TableNodes.Contains(name))
                return "it reads another table (a subquery, a table function or FROM): an expression may use only " +
                       "the mapped table's own columns";
            if (name == "Function" && node.Split(' ', 3) is [_, var function, ..]
                && OutsideFunctions.Any(f => function.StartsWith(f, StringComparison.OrdinalIgnoreCase)))
                return $"it calls {function}(), which reads outside the row: an expression may use only the mapped " +
                       "table's own columns";
        }
        return selects == 1 ? null : "it is not one expression";
    }
}
