using System.CommandLine;
using System.Text.RegularExpressions;

namespace MevAnalytics.Cli.Terminal;

/// <summary>The parse errors of a bad command line as the text of one <c>error:</c> line.</summary>
public static partial class CommandLineError
{
    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type " +
                    @"'(?<type>[^']+)'$")]
    private static partial Regex Unparsable();

    /// <summary>The errors joined; "no command given" is left out when a token was not understood (that token is
    /// the problem), and a value of the wrong type is said in words, not as a .NET type.</summary>
    public static string Text(ParseResult parse)
    {
        var messages = parse.Errors.Select(e => Words(e.Message.TrimEnd('.'))).ToList();
        if (messages.Count > 1) messages.RemoveAll(m => m.StartsWith("Required command", StringComparison.Ordinal));
        return string.Join("; ", messages);
    }

    private static string Words(string message) => Unparsable().Match(message) is { Success: true } m
        ? $"{m.Groups["option"].Value} '{m.Groups["value"].Value}' is not " + m.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" or "System.UInt32" or "System.UInt64" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            var t => "a " + t[(t.LastIndexOf('.') + 1)..],
        }
        : message;
}
