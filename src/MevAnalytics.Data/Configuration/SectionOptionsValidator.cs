using Microsoft.Extensions.Options;

namespace MevAnalytics.Data.Configuration;

/// <summary>Runs an options class's own <see cref="ISectionOptions.Validate"/> as an <see cref="IValidateOptions{T}"/>,
/// so the Options pattern (and <c>ValidateOnStart</c>) reports its message, key and value included.</summary>
public sealed class SectionOptionsValidator<T> : IValidateOptions<T> where T : class, ISectionOptions
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, T options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
