using ClickHouse.Driver;
using MevAnalytics.Data.Connection;

namespace MevAnalytics.Data.Sources;

/// <summary>
/// A mapped source checked against ClickHouse: the table exists, every expression parses (ClickHouse's <c>EXPLAIN
/// AST</c>) as one over the row's own columns (<see cref="SourceExpressionAst"/>) and compiles against the table with
/// a type its role accepts (asked with <c>DESCRIBE (SELECT expr FROM table)</c>). Builds the SELECT the view and the
/// rollup's materialized view read.
/// </summary>
public sealed record SourceMapping(SourceKind Kind, string Table, IReadOnlyList<MappedRole> Roles)
{
    /// <summary>
    /// Our columns, by name and type, from the mapped table. Two levels: the expressions get private aliases first, so
    /// an expression that names a column of the table called like one of ours (<c>landed</c>, <c>route</c>) reads the
    /// column, not our alias of the same name.
    /// </summary>
    public string Select =>
        "SELECT " + string.Join(", ", Roles.Select(r => $"mev_{r.Role.Column} AS {r.Role.Column}")) +
        "\nFROM (SELECT " +
        string.Join(", ", Roles.Select(r => $"{r.Sql} AS mev_{r.Role.Column}")) + $" FROM {Table})";

    /// <summary>Checks <paramref name="options"/> of <paramref name="kind"/> (already validated) against ClickHouse;
    /// <paramref name="database"/> qualifies an unqualified table. With <paramref name="samples"/> each mapped role
    /// also gets the value of one row as the jobs see it (converted to the role's type).</summary>
    /// <exception cref="ArgumentException">Naming the source, role, expression, ClickHouse's reason and the
    /// key.</exception>
    public static async Task<SourceMapping> CheckAsync(ClickHouseGateway db, SourceKind kind, SourceOptions options,
        string database, bool samples, CancellationToken ct)
    {
        var section = $"{SourcesOptions.SectionName}:{kind.Key}";
        var (tableDb, name) = options.TableName();
        tableDb ??= database;
        var table = TableIdentifier.Quote(tableDb, name);
        var exists = await db.ScalarAsync<ulong>(
            "SELECT count() FROM system.tables WHERE database = {db:String} AND name = {t:String}",
            new QueryParameters().Add("db", tableDb).Add("t", name), ct);
        if (exists == 0)
            throw new ArgumentException($"source {kind.Key}: table {tableDb}.{name} does not exist " +
                                        $"(change {section}:Table, or create the table first).");
        var roles = new List<MappedRole>();
        foreach (var role in kind.Roles)
        {
            var expression = options.Expression(role.Key);
            if (expression is null)
            {
                roles.Add(new MappedRole(role, null, null, null));
                continue;
            }
            string Fail(string reason) =>
                $"source {kind.Key}, role {role.Key}: expression `{expression}` over {tableDb}.{name}: {reason} " +
                $"(change {section}:Columns:{role.Key})";
            string type;
            try
            {
                // ClickHouse's own parser first: nothing is run or described before the expression is known to read
                // the row only (a subquery on system.users or a remote() would otherwise run in every job).
                var ast = await db.QueryAsync($"EXPLAIN AST SELECT {expression} AS v", null, r => r.GetString(0), ct);
                if (SourceExpressionAst.Problem(ast) is { } refused) throw new ArgumentException(Fail(refused));
                type = (await db.QueryAsync($"DESCRIBE (SELECT {expression} AS v FROM {table})", null,
                    r => r.GetString(1), ct)).Single();
            }
            catch (ClickHouseServerException e)
            {
                throw new ArgumentException(Fail("ClickHouse says: " + Reason(e.Message)), e);
            }
            if (role.Reject(type) is { } problem) throw new ArgumentException(Fail(problem));
            string? sample = null;
            if (samples)
                sample = (await db.QueryAsync($"SELECT toString({role.Convert(expression, type)}) FROM {table} LIMIT 1",
                    null, r => r.GetString(0), ct)).FirstOrDefault();
            roles.Add(new MappedRole(role, expression, type, sample));
        }
        var mapping = new SourceMapping(kind, table, roles);
        try
        {
            // Each expression alone may be fine and still not one value per row: an aggregate (avg(x)) describes as a
            // number, and only fails next to the other roles' plain columns.
            await db.QueryAsync($"DESCRIBE ({mapping.Select})", null, r => r.GetString(0), ct);
        }
        catch (ClickHouseServerException e)
        {
            throw new ArgumentException(
                $"source {kind.Key}: the expressions of {section}:Columns over {tableDb}.{name} do not give one " +
                $"value per row together (an aggregate or window function?): ClickHouse says: {Reason(e.Message)}", e);
        }
        return mapping;
    }

    // ClickHouse repeats the query and appends its version; the first sentence is the reason.
    private static string Reason(string message)
    {
        var line = message.Split('\n', StringSplitOptions.TrimEntries)[0];
        var version = line.IndexOf(" (version ", StringComparison.Ordinal);
        if (version > 0) line = line[..version];
        return line.Length <= 400 ? line : line[..397] + "...";
    }
}
