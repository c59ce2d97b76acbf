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
/// Every options section the jobs use, bound from configuration and validated once, before any work starts (a bad
/// value in the bandit section fails <c>mev serve</c>, or any command, at start with the key named, not an hour
/// later when the job runs). A session and each of its runs share the one instance.
/// </summary>
public sealed class JobSettings
{
    private readonly IReadOnlyDictionary<Type, object> _sections;

    private JobSettings(IReadOnlyDictionary<Type, object> sections) => _sections = sections;

    /// <summary>Registers the jobs' sections with the Options pattern (bound from <paramref name="configuration"/>,
    /// validated on start), for a host's container.</summary>
    public static IServiceCollection Register(IServiceCollection services, IConfiguration configuration)
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

    /// <summary>Binds and validates every section of <paramref name="configuration"/>; throws
    /// <see cref="ArgumentException"/> naming every invalid key and its value.</summary>
    public static JobSettings Bind(IConfiguration configuration)
    {
        using var provider = Register(new ServiceCollection(), configuration).BuildServiceProvider();
        return From(provider);
    }

    /// <summary>The sections registered in <paramref name="provider"/> by <see cref="Register"/>, validated.</summary>
    public static JobSettings From(IServiceProvider provider)
    {
        SectionOptions.ValidateAll(provider);
        return new JobSettings(new Dictionary<Type, object>
        {
            [typeof(ClickHouseOptions)] = SectionOptions.Resolve<ClickHouseOptions>(provider),
            [typeof(EmbeddedEngineOptions)] = SectionOptions.Resolve<EmbeddedEngineOptions>(provider),
            [typeof(TtlOptions)] = SectionOptions.Resolve<TtlOptions>(provider),
            [typeof(SourcesOptions)] = SectionOptions.Resolve<SourcesOptions>(provider),
            [typeof(ArtifactOptions)] = SectionOptions.Resolve<ArtifactOptions>(provider),
            [typeof(CalibrationOptions)] = SectionOptions.Resolve<CalibrationOptions>(provider),
            [typeof(BanditJobOptions)] = SectionOptions.Resolve<BanditJobOptions>(provider),
            [typeof(LatencyJobOptions)] = SectionOptions.Resolve<LatencyJobOptions>(provider),
            [typeof(PhaseJobOptions)] = SectionOptions.Resolve<PhaseJobOptions>(provider),
            [typeof(ReportOptions)] = SectionOptions.Resolve<ReportOptions>(provider),
        });
    }

    /// <summary>The section <typeparamref name="T"/>.</summary>
    public T Get<T>() where T : class, ISectionOptions =>
        _sections.TryGetValue(typeof(T), out var section) ? (T)section
            : throw new InvalidOperationException($"options section {T.Section} is not one of the jobs' sections");

    /// <summary>A copy with section <typeparamref name="T"/> replaced by <paramref name="section"/> (validated): a
    /// variant of one run, as a notebook or a test makes.</summary>
    public JobSettings With<T>(T section) where T : class, ISectionOptions
    {
        section.Validate();
        return new JobSettings(new Dictionary<Type, object>(_sections) { [typeof(T)] = section });
    }

    /// <summary>Section <c>ClickHouse</c>.</summary>
    public ClickHouseOptions ClickHouse => Get<ClickHouseOptions>();

    /// <summary>Section <c>EmbeddedEngine</c>.</summary>
    public EmbeddedEngineOptions EmbeddedEngine => Get<EmbeddedEngineOptions>();

    /// <summary>Section <c>Ttl</c>.</summary>
    public TtlOptions Ttl => Get<TtlOptions>();

    /// <summary>Section <c>Sources</c>.</summary>
    public SourcesOptions Sources => Get<SourcesOptions>();

    /// <summary>Section <c>Artifacts</c>.</summary>
    public ArtifactOptions Artifacts => Get<ArtifactOptions>();

    /// <summary>Section <c>Calibration</c>.</summary>
    public CalibrationOptions Calibration => Get<CalibrationOptions>();

    /// <summary>Section <c>Bandit</c>.</summary>
    public BanditJobOptions Bandit => Get<BanditJobOptions>();

    /// <summary>Section <c>Latency</c>.</summary>
    public LatencyJobOptions Latency => Get<LatencyJobOptions>();

    /// <summary>Section <c>Phase</c>.</summary>
    public PhaseJobOptions Phase => Get<PhaseJobOptions>();

    /// <summary>Section <c>Reports</c>.</summary>
    public ReportOptions Report => Get<ReportOptions>();
}
