using MevAnalytics.Data.Configuration;
using MevAnalytics.Data.Connection;
using MevAnalytics.Data.Engine;
using MevAnalytics.Data.Schema;
using MevAnalytics.Data.Sources;
using MevAnalytics.Jobs.Bandit;
using MevAnalytics.Jobs.Calibration;
using MevAnalytics.Jobs.Latency;
using MevAnalytics.Jobs.Phase;
using MevAnalytics.Jobs.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MevAnalytics.Jobs.Hosting;

/// <summary>
/// Every options section the jobs use, registered with the Options pattern and validated before any work starts:
/// a bad value in the bandit section fails <c>mev serve</c> (or any command) at start with the key named, not an
/// hour later when the job runs.
/// </summary>
public static class OptionsCheck
{
    /// <summary>Registers the jobs' sections (bound from <paramref name="configuration"/>, validated on
    /// start).</summary>
    public static IServiceCollection AddJobOptions(IServiceCollection services, IConfiguration configuration)
    {
        SectionOptions.Add<ClickHouseOptions>(services, configuration);
        SectionOptions.Add<EmbeddedEngineOptions>(services, configuration);
        SectionOptions.Add<TtlOptions>(services, configuration);
        SectionOptions.Add<SourcesOptions>(services, configuration);
        SectionOptions.Add<ArtifactOptions>(services, configuration);
        SectionOptions.Add<CalibrationOptions>(services, configuration);
        SectionOptions.Add<BanditJobOptions>(services, configuration);
        SectionOptions.Add<LatencyJobOptions>(services, configuration);
        SectionOptions.Add<PhaseJobOptions>(services, configuration);
        SectionOptions.Add<ReportOptions>(services, configuration);
        return services;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid key and its value.</summary>
    public static void ValidateAll(IConfiguration configuration) =>
        SectionOptions.ValidateAll(AddJobOptions(new ServiceCollection(), configuration));
}
