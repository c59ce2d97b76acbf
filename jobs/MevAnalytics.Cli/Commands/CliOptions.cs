using System.CommandLine;
using System.CommandLine.Parsing;

namespace MevAnalytics.Cli.Commands;

/// <summary>Option constructors with range checks that name the option in their error.</summary>
public static class CliOptions
{
    public static Option<T> Positive<T>(string name, string description, T defaultValue)
        where T : struct, System.Numerics.INumber<T>
    {
        var option = new Option<T>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            // A token that is not a number is reported by the parser itself; reading it here would throw.
            if (result.Tokens is [var token]
                && !T.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out _)) return;
            var value = result.GetValueOrDefault<T>();
            if (value <= T.Zero) result.AddError($"{name} must be positive (got {value}).");
        });
        return option;
    }
}
