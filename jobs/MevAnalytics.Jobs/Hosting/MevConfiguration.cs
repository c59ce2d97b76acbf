using Microsoft.Extensions.Configuration;

namespace MevAnalytics.Jobs.Hosting;

/// <summary>
/// Configuration shared by the CLI, the Hangfire host and notebooks: <c>appsettings.json</c> beside the program,
/// then <c>appsettings.json</c> in the working directory, then environment variables prefixed <c>MEV_</c>
/// (<c>MEV_ClickHouse__ConnectionString</c>), later sources winning. Sections are bound and validated through
/// <see cref="MevAnalytics.Data.Configuration.SectionOptions"/>.
/// </summary>
public static class MevConfiguration
{
    public const string EnvironmentPrefix = "MEV_";

    /// <summary>Builds the configuration; <paramref name="overrides"/> (e.g. from tests) win over everything.</summary>
    public static IConfigurationRoot Build(IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null) builder.AddInMemoryCollection(overrides);
        return builder.Build();
    }
}
