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

namespace MevAnalytics.Jobs.Hosting;

/// <summary>
/// Binds and validates every options section the jobs use, before any work starts: a bad value in the bandit
/// section fails <c>mev serve</c> (or any command) at start with the key named, not an hour later when the job runs.
/// </summary>
public static class OptionsCheck
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid key.</summary>
    public static void ValidateAll(IConfiguration configuration)
    {
        MevConfiguration.Bind<ClickHouseOptions>(configuration, ClickHouseOptions.SectionName, o => o.Validate());
        MevConfiguration.Bind<EmbeddedEngineOptions>(configuration, EmbeddedEngineOptions.SectionName, o => o.Validate());
        MevConfiguration.Bind<TtlOptions>(configuration, TtlOptions.SectionName, o => o.Validate());
        MevConfiguration.Bind<SourcesOptions>(configuration, SourcesOptions.SectionName, o => o.Validate());
        MevConfiguration.Bind<ArtifactOptions>(configuration, ArtifactOptions.SectionName, o => o.Validate());
        MevConfiguration.Bind<CalibrationOptions>(configuration, CalibrationOptions.SectionName, o => o.Validate());
        MevConfiguration.Bind<BanditJobOptions>(configuration, BanditJobOptions.SectionName, o => o.Validate());
        MevConfiguration.Bind<LatencyJobOptions>(configuration, LatencyJobOptions.SectionName, o => o.Validate());
        MevConfiguration.Bind<PhaseJobOptions>(configuration, PhaseJobOptions.SectionName, o => o.Validate());
        MevConfiguration.Bind<ReportOptions>(configuration, ReportOptions.SectionName, o => o.Validate());
    }
}
