using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MevAnalytics.Data.Configuration;

/// <summary>
/// The one way options are bound and validated: <see cref="Add{T}"/> registers a section with the Options pattern
/// (bound from its section, checked by <see cref="SectionOptionsValidator{T}"/>, validated on start), and
/// <see cref="Get{T}"/> reads one through exactly that registration where there is no container (CLI, jobs).
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

    /// <summary>
    /// Binds and validates <typeparamref name="T"/> from <paramref name="configuration"/>. Throws
    /// <see cref="ArgumentException"/> naming the key and value: a value the binder cannot convert, or one the class's
    /// own validation refuses.
    /// </summary>
    public static T Get<T>(IConfiguration configuration) where T : class, ISectionOptions
    {
        using var provider = Add<T>(new ServiceCollection(), configuration).BuildServiceProvider();
        return Resolve(() => provider.GetRequiredService<IOptions<T>>().Value, T.Section);
    }

    /// <summary>Runs every validation registered with <see cref="Add{T}"/> in <paramref name="services"/> (what the
    /// host does on start), with the same errors as <see cref="Get{T}"/>.</summary>
    public static void ValidateAll(IServiceCollection services)
    {
        using var provider = services.BuildServiceProvider();
        Resolve(() =>
        {
            provider.GetService<IStartupValidator>()?.Validate();
            return 0;
        }, "");
    }

    private static TResult Resolve<TResult>(Func<TResult> resolve, string section)
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
        catch (InvalidOperationException e) // the binder: "Failed to convert configuration value 'x' at 'Bandit:Window'"
        {
            var where = section.Length > 0 ? $"Configuration section {section}" : "Configuration";
            throw new ArgumentException($"{where}: {e.Message}", e);
        }
    }
}
