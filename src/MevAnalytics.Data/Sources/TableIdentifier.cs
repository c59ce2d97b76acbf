using System.Text.RegularExpressions;

namespace MevAnalytics.Data.Sources;

/// <summary>
/// A configured table name, <c>name</c> or <c>database.name</c>, each part a plain identifier or a backquoted one
/// without backquotes or control characters inside. Parsed, never pasted: SQL gets it backquoted.
/// </summary>
public static partial class TableIdentifier
{
    /// <summary>Database (null when unqualified) and table name, unquoted; <see cref="FormatException"/> when
    /// malformed.</summary>
    public static (string? Database, string Name) Parse(string text)
    {
        var m = Pattern().Match(text.Trim());
        if (!m.Success)
            throw new FormatException($"'{text}' is not a table name: use name or database.name, each a plain " +
                                      "identifier ([A-Za-z_][A-Za-z0-9_]*) or `backquoted`.");
        string Part(Group g) => g.Value.StartsWith('`') ? g.Value[1..^1] : g.Value;
        return m.Groups[2].Success ? (Part(m.Groups[1]), Part(m.Groups[2])) : (null, Part(m.Groups[1]));
    }

    /// <summary>An identifier as SQL: backquoted.</summary>
    public static string Quote(string identifier) => $"`{identifier}`";

    /// <summary><c>`db`.`name`</c>.</summary>
    public static string Quote(string database, string name) => $"{Quote(database)}.{Quote(name)}";

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*|`[^`\\\x00-\x1f]+`)(?:\.([A-Za-z_][A-Za-z0-9_]*|`[^`\\\x00-\x1f]+`))?$")]
    private static partial Regex Pattern();
}
