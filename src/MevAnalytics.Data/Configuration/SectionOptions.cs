using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MevAnalytics.Data.Configuration;

/// <summary>
/// The one way options are bound and validated: <see cref="Add{T}"/> registers a section with the Options pattern
/// (bound from its section, checked by <see cref="SectionOptionsValidator{T}"/>, validated on start);
/// <see cref="ValidateAll"/> runs every registered validation once and <see cref="Resolve{T}"/> reads a section from
/// that provider, both with errors that name the key (<c>Section:Key</c>) and the value.
/// </summary>
public static class SectionOptions
{
    /// <summary>Registers <typeparamref name="T"/> bound from <paramref name="configuration"/>'s section, validated
    /// on start.</summary>
    public static IServiceCollection Add<T>(IServiceCollection services, IConfiguration configuration)
        where T : class, ISectionOptions
    {
        services.AddOptions<T>().Bind(configuration.GetSection(T.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, SectionOptionsValidator<T>>());
        return services;
    }

    /// <summary>Runs every validation registered with <see cref="Add{T}"/> (what a host does on start); throws
    /// <see cref="ArgumentException"/> naming every invalid key and its value.</summary>
    public static void ValidateAll(IServiceProvider provider) => Checked(() =>
    {
        provider.GetService<IStartupValidator>()?.Validate();
        return 0;
    }, "");

    /// <summary>The bound and validated <typeparamref name="T"/> of <paramref name="provider"/>.</summary>
    public static T Resolve<T>(IServiceProvider provider) where T : class, ISectionOptions =>
        Checked(() => provider.GetRequiredService<IOptions<T>>().Value, T.Section);

    private static TResult Checked<TResult>(Func<TResult> resolve, string section)
    {
        try
        {
            return resolve();
        }
        catch (OptionsValidationException e)
        {
            throw new ArgumentException(e.Message, e);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OptionsValidationException))
        {
            throw new ArgumentException(string.Join("; ", e.InnerExceptions.Select(x => x.Message)), e);
        }
        // the binder: "Failed to convert configuration value 'x' at 'Bandit:Window'"
        catch (InvalidOperationException e)
        {
            var where = section.Length > 0 ? $"Configuration section {section}" : "Configuration";
            throw new ArgumentException($"{where}: {e.Message}", e);
        }
    }
}
